//! A minimal SMTP server that keeps what it receives, so tests can read mail that the app
//! really sent over SMTP.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Clone, Debug)]
pub struct ReceivedMail {
    pub to: Vec<String>,
    pub data: String,
}

impl ReceivedMail {
    /// The decoded text (quoted-printable undone), the text part of a multipart mail included.
    pub fn body(&self) -> String {
        let (_, body) = self.data.split_once("\r\n\r\n").unwrap_or(("", &self.data));
        if self.data.to_ascii_lowercase().contains("content-transfer-encoding: quoted-printable") {
            decode_quoted_printable(body)
        } else {
            body.to_owned()
        }
    }

    /// The first link in the body that starts with `prefix` (a path such as `/konto/bekraeft/`).
    pub fn link(&self, prefix: &str) -> String {
        let body = self.body();
        let start = body.find(prefix).unwrap_or_else(|| panic!("no link {prefix} in mail:\n{body}"));
        body[start..].split(|c: char| c.is_whitespace()).next().unwrap().to_owned()
    }
}

fn decode_quoted_printable(text: &str) -> String {
    let joined = text.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && i + 2 < bytes.len()
            && let Ok(v) = u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[derive(Clone)]
pub struct SmtpSink {
    pub port: u16,
    pub mails: Arc<Mutex<Vec<ReceivedMail>>>,
    /// While set, every recipient is refused for now (451), the reply naming the address as
    /// real servers' replies do.
    pub refuse: Arc<AtomicBool>,
    /// While set, every recipient is refused for good (550).
    pub refuse_for_good: Arc<AtomicBool>,
}

impl SmtpSink {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let mails = Arc::new(Mutex::new(Vec::new()));
        let store = mails.clone();
        let refuse = Arc::new(AtomicBool::new(false));
        let refusing = refuse.clone();
        let refuse_for_good = Arc::new(AtomicBool::new(false));
        let rejecting = refuse_for_good.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let store = store.clone();
                let refusing = refusing.clone();
                let rejecting = rejecting.clone();
                tokio::spawn(async move {
                    let (read, mut write) = stream.into_split();
                    let mut lines = BufReader::new(read).lines();
                    let _ = write.write_all(b"220 sink ESMTP\r\n").await;
                    let mut to = Vec::new();
                    while let Ok(Some(line)) = lines.next_line().await {
                        let upper = line.to_ascii_uppercase();
                        let reply: &[u8] = if upper.starts_with("EHLO") {
                            b"250-sink\r\n250 8BITMIME\r\n"
                        } else if upper.starts_with("RCPT TO:") && refusing.load(Ordering::SeqCst) {
                            let refusal = format!("451 4.7.1 {} is over quota, try later\r\n", line[8..].trim());
                            let _ = write.write_all(refusal.as_bytes()).await;
                            continue;
                        } else if upper.starts_with("RCPT TO:") && rejecting.load(Ordering::SeqCst) {
                            b"550 5.1.1 no such user\r\n"
                        } else if upper.starts_with("RCPT TO:") {
                            to.push(line[8..].trim().trim_matches(['<', '>']).to_owned());
                            b"250 OK\r\n"
                        } else if upper.starts_with("DATA") {
                            let _ = write.write_all(b"354 go ahead\r\n").await;
                            let mut data = String::new();
                            while let Ok(Some(l)) = lines.next_line().await {
                                if l == "." {
                                    break;
                                }
                                data.push_str(l.strip_prefix('.').filter(|_| l.starts_with("..")).unwrap_or(&l));
                                data.push_str("\r\n");
                            }
                            store.lock().unwrap().push(ReceivedMail { to: std::mem::take(&mut to), data });
                            b"250 queued\r\n"
                        } else if upper.starts_with("QUIT") {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            break;
                        } else {
                            b"250 OK\r\n"
                        };
                        let _ = write.write_all(reply).await;
                    }
                });
            }
        });
        Self { port, mails, refuse, refuse_for_good }
    }
}
