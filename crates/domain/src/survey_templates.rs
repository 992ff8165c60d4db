//! Ready surveys a backbone can start from. The questions are survey content, written in
//! Danish with English beside it, so they live here rather than in the `.ftl` files of the
//! interface. Their sources, and what was adapted, are in `docs/survey-templates.md`: these are
//! our own wordings, not the official instruments.

use crate::survey::{QuestionInput, ShowIf, SurveyInput};

/// The answers of the three loneliness items.
const OFTEN_TO_HARDLY_EVER: [&str; 3] = ["Ofte", "En gang imellem", "Sjældent eller aldrig"];
/// The five-point scale of the pupils' set: plain words a 10-year-old knows.
const NEVER_TO_ALWAYS: [&str; 5] = ["Aldrig", "Sjældent", "Nogle gange", "Tit", "Altid"];

fn question(key: &str, section: &str, text: &str, text_en: &str, kind: &str, options: &[&str]) -> QuestionInput {
    QuestionInput {
        key: key.into(),
        text: text.into(),
        text_en: Some(text_en.into()),
        kind: kind.into(),
        options: options.iter().map(|o| o.to_string()).collect(),
        required: true,
        section: Some(section.into()),
        ..Default::default()
    }
}

/// Three loneliness items after the short UCLA scale (Hughes et al. 2004) as the Danish
/// national health profile asks them, and how often one is alone without wanting to be.
pub fn loneliness() -> SurveyInput {
    let section = "Ensomhed";
    let item = |key, text, text_en| question(key, section, text, text_en, "likert", &OFTEN_TO_HARDLY_EVER);
    SurveyInput {
        title: "Ensomhed (tre spørgsmål)".into(),
        description: "Tre korte spørgsmål om ensomhed og et om at være alene mod sin vilje. \
                      Svarene er anonyme."
            .into(),
        panel: false,
        questions: vec![
            item(
                "mangler_selskab",
                "Hvor ofte føler du, at du mangler nogen at være sammen med?",
                "How often do you feel that you have no one to be with?",
            ),
            item(
                "udenfor",
                "Hvor ofte føler du, at de andre lader dig være udenfor?",
                "How often do you feel that others leave you out?",
            ),
            item(
                "afskaaret",
                "Hvor ofte føler du dig afskåret fra andre mennesker?",
                "How often do you feel cut off from other people?",
            ),
            question(
                "uoensket_alene",
                section,
                "Hvor ofte er du alene, selv om du helst ville være sammen med andre?",
                "How often are you alone when you would rather be with others?",
                "single",
                &["Ofte", "En gang imellem", "Sjældent", "Aldrig"],
            ),
        ],
    }
}

/// Pupils' wellbeing for 4th to 9th grade, after the four themes of the national school
/// wellbeing survey: being with others, learning, calm in class, and help from the adults.
pub fn pupils_wellbeing() -> SurveyInput {
    let scale = |key, section, text, text_en| question(key, section, text, text_en, "likert", &NEVER_TO_ALWAYS);
    let (others, learning, calm, help) = ("Sammen med andre", "At lære", "Ro i klassen", "Hjælp fra de voksne");
    let mut bullied_where = question(
        "mobbet_hvor",
        others,
        "Hvor skete det?",
        "Where did it happen?",
        "multi",
        &["I klassen", "I frikvarteret", "På vej til eller fra skole", "På nettet eller mobilen", "Et andet sted"],
    );
    bullied_where.show_if = Some(ShowIf { question: "mobbet".into(), answers: vec!["1".into()] });
    let mut anything_else = question(
        "andet",
        help,
        "Er der noget andet, du vil fortælle om din skole?",
        "Is there anything else you want to tell us about your school?",
        "text",
        &[],
    );
    anything_else.required = false;
    SurveyInput {
        title: "Trivsel i skolen (4.–9. klasse)".into(),
        description: "Spørgsmål om, hvordan du har det i skolen. Der er ingen rigtige eller forkerte svar, \
                      og ingen kan se, hvad du har svaret."
            .into(),
        panel: false,
        questions: vec![
            scale("glad_skole", others, "Kan du lide at gå i skole?", "Do you like going to school?"),
            scale("glad_klasse", others, "Kan du lide at være i din klasse?", "Do you like being in your class?"),
            scale(
                "nogen_at_vaere_med",
                others,
                "Har du nogen at være sammen med i frikvarteret?",
                "Do you have someone to be with at break time?",
            ),
            question(
                "mobbet",
                others,
                "Er du blevet mobbet i dette skoleår?",
                "Have you been bullied this school year?",
                "single",
                &["Ja", "Nej", "Ved ikke"],
            ),
            bullied_where,
            scale(
                "laerer_noget",
                learning,
                "Lærer du noget spændende i skolen?",
                "Do you learn exciting things at school?",
            ),
            scale(
                "klarer_mig",
                learning,
                "Synes du, at du er god til skolearbejdet?",
                "Do you feel you are good at schoolwork?",
            ),
            scale(
                "ro",
                calm,
                "Er der ro i klassen, når I skal arbejde?",
                "Is it quiet in class when you have to work?",
            ),
            scale("hoere_laereren", calm, "Kan du høre, hvad læreren siger?", "Can you hear what the teacher says?"),
            scale(
                "hjaelp",
                help,
                "Får du hjælp af en lærer, når du har brug for det?",
                "Does a teacher help you when you need it?",
            ),
            scale("lytter", help, "Lytter de voksne på skolen til dig?", "Do the adults at school listen to you?"),
            anything_else,
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::QuestionKind;

    #[test]
    fn both_templates_validate() {
        for template in [loneliness(), pupils_wellbeing()] {
            let plan = template.validate().unwrap_or_else(|e| panic!("{}: {:?}", template.title, e));
            assert!(plan.questions.iter().all(|q| q.text_en.is_some() && q.section.is_some()));
        }
    }

    #[test]
    fn the_pupils_set_has_a_follow_up_and_one_free_text() {
        let plan = pupils_wellbeing().validate().unwrap();
        assert!((8..=12).contains(&plan.questions.len()));
        assert_eq!(plan.questions.iter().filter(|q| q.show_if.is_some()).count(), 1);
        assert_eq!(plan.questions.iter().filter(|q| q.kind == QuestionKind::Text).count(), 1);
        assert!(plan.questions.iter().filter(|q| q.kind == QuestionKind::Likert).all(|q| q.options.len() == 5));
    }
}
