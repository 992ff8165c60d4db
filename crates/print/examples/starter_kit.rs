//! Writes a sample starter kit to a folder, for looking at the output:
//! `cargo run -p rygrad-print --example starter_kit -- /tmp/starter-kit`

use std::path::PathBuf;

use rygrad_print::{MealPrint, Paper, baton_cards_pdf, host_guide_pdf, invitation_pdf, postcard_png, poster_pdf};

fn main() -> std::io::Result<()> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "starter-kit".into()));
    std::fs::create_dir_all(&dir)?;
    let meal = MealPrint {
        title: "Fællesspisning i gården: suppe, brød og æblekage".into(),
        when: "25. april 2027 kl. 18.00–21.00".into(),
        place: "Gården bag Nørregade 12, 8000 Aarhus C".into(),
        host: "Søren Østergaard og Åse Æbelø".into(),
        description: "Vi dækker langbord i gården og laver en stor gryde suppe. Tag gerne en ven \
            med – eller en nabo, du aldrig har talt med.\n\nDet koster ingenting, men du må \
            meget gerne tage noget med:\n- brød eller en salat\n- en stol, hvis du har en\n- \
            godt humør\n\nVi spiser, uanset vejret: regner det, rykker vi ind i fælleshuset."
            .into(),
        baton_code: "KQX-7PM".into(),
        meal_url: "https://danmarkspisersammen.dk/m/2027/aarhus-noerregade-12".into(),
        relay_url: "https://danmarkspisersammen.dk/stafet/KQX7PM".into(),
    };
    let guide = vec![
        (
            "Før måltidet".to_string(),
            "Start i god tid. Sæt en dato, find et sted, og fortæl det til naboerne.\n\n\
             Hæng plakaten op i opgangen, på biblioteket og i den lokale købmand."
                .to_string(),
        ),
        ("På dagen".to_string(), "1. Dæk bordet sammen med de første gæster.\n2. Byd velkommen.\n3. Spis!".to_string()),
    ];
    std::fs::write(dir.join("invitation.pdf"), invitation_pdf(&meal))?;
    std::fs::write(dir.join("plakat-a4.pdf"), poster_pdf(&meal, Paper::A4))?;
    std::fs::write(dir.join("plakat-a3.pdf"), poster_pdf(&meal, Paper::A3))?;
    std::fs::write(dir.join("stafetkort.pdf"), baton_cards_pdf(&meal))?;
    std::fs::write(dir.join("postkort.png"), postcard_png(&meal))?;
    std::fs::write(dir.join("vaertsguide.pdf"), host_guide_pdf(&guide))?;
    println!("wrote the starter kit to {}", dir.display());
    Ok(())
}
