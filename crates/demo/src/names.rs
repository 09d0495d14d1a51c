//! What things are called in the demo: invented councils, places, universities, and
//! people's names from the many backgrounds of England's social work workforce.
//!
//! Every council, place and university here is made up, so that demo data can never be
//! mistaken for (or leak into) a real council's records.

use pathway_domain::codes::Ethnicity;
use pathway_domain::{Council, CouncilCode};

/// The invented councils that have names of their own; more councils are called
/// "Demo Council N".
pub(crate) const COUNCIL_NAMES: [&str; 10] = [
    "Northfield Borough Council",
    "Eastmoor County Council",
    "Westbridge City Council",
    "Southvale Metropolitan Borough Council",
    "Kingsmere Council",
    "Ashcombe County Council",
    "Harrowdale Borough Council",
    "Millbrook City Council",
    "Ravensholme Metropolitan Borough Council",
    "Fernleigh Council",
];

/// The first digits of the ten-code blocks demo councils use, in order: 990-999, then
/// 980-989 and on down. None of these blocks holds a code the DfE uses for an English
/// council (those are 201-213, 301-394, 420 and 800-943), so demo data can sit beside
/// real councils' data without clashing.
const CODE_BLOCKS: [u16; 42] = [
    99, 98, 97, 96, 95, 79, 78, 77, 76, 75, 74, 73, 72, 71, 70, 59, 58, 57, 56, 55, 54, 53, 52, 51,
    50, 49, 48, 47, 46, 45, 44, 43, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10,
];

/// How many demo councils can be told apart by code.
pub const MAX_COUNCILS: usize = CODE_BLOCKS.len() * 10;

/// The `index`th demo council (from 0): its invented name and its code.
pub(crate) fn council(index: usize) -> Council {
    assert!(
        index < MAX_COUNCILS,
        "at most {MAX_COUNCILS} demo councils have codes"
    );
    let number = CODE_BLOCKS[index / 10] * 10 + (index % 10) as u16;
    let code = CouncilCode::parse(&number.to_string()).expect("demo codes are three digits");
    let name = match COUNCIL_NAMES.get(index) {
        Some(name) => (*name).to_owned(),
        None => format!("Demo Council {}", index + 1),
    };
    Council { code, name }
}

/// The place a council is named after, for its localities and venues.
pub(crate) fn home_town(council: &Council) -> &str {
    council.name.split(' ').next().unwrap_or("Demo")
}

/// Invented towns and districts that councils divide their services into.
pub(crate) const LOCALITIES: [&str; 14] = [
    "Ashby Vale",
    "Brampton Fields",
    "Castlegate",
    "Elmstead",
    "Fenwick",
    "Harwood",
    "Kingsford",
    "Oakhurst",
    "Redmarsh",
    "Stoneleigh",
    "Whitcliffe",
    "Larkhill Green",
    "Norbury Cross",
    "Saltby",
];

/// Invented universities with social work courses in England.
pub(crate) const UNIVERSITIES: [&str; 14] = [
    "University of Northfield",
    "Northfield Metropolitan University",
    "Eastmoor University",
    "University of Westbridge",
    "Southvale Hallam University",
    "Kingsmere University",
    "University of Ashcombe",
    "Harrowdale Trent University",
    "Millbrook University",
    "Ravensholme University",
    "University of Fernleigh",
    "Castlegate St John's University",
    "University of the Northern Coast",
    "Open Learning University",
];

/// Where overseas-qualified social workers studied, said generically.
pub(crate) const OVERSEAS_INSTITUTIONS: [&str; 7] = [
    "A university in Zimbabwe",
    "A university in Nigeria",
    "A university in South Africa",
    "A university in India",
    "A university in Ghana",
    "A university in Romania",
    "A university in the Philippines",
];

/// The fast-track programmes' own names as they appear on a certificate.
pub(crate) const FRONTLINE_INSTITUTION: &str = "Frontline programme";
/// See [`FRONTLINE_INSTITUTION`].
pub(crate) const STEP_UP_INSTITUTION: &str = "Step Up to Social Work regional partnership";

/// The background a name and the languages spoken come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Heritage {
    British,
    Irish,
    EastEuropean,
    SouthAsianMuslim,
    SouthAsianIndian,
    WestAfrican,
    SouthernAfrican,
    Chinese,
    World,
}

/// Given names (women, men), family names and languages of one heritage.
struct NamePool {
    women: &'static [&'static str],
    men: &'static [&'static str],
    families: &'static [&'static str],
    languages: &'static [&'static str],
}

const BRITISH: NamePool = NamePool {
    women: &[
        "Sarah",
        "Emma",
        "Laura",
        "Rachel",
        "Hannah",
        "Jessica",
        "Amy",
        "Sophie",
        "Charlotte",
        "Rebecca",
        "Gemma",
        "Kirsty",
        "Nicola",
        "Claire",
        "Joanne",
        "Zoë",
        "Grace",
        "Olivia",
        "Megan",
        "Danielle",
        "Lucy",
        "Natalie",
        "Helen",
        "Bethany",
        "Chloe",
        "Leanne",
        "Kelly",
        "Jade",
        "Abigail",
        "Eleanor",
        "Harriet",
        "Rhiannon",
        "Ffion",
        "Chloé",
        "Renée",
    ],
    men: &[
        "James", "Daniel", "Thomas", "Adam", "Ryan", "Mark", "Paul", "David", "Michael", "Liam",
        "Craig", "Chris", "Ben", "Oliver", "Jack", "Matthew", "Gareth", "Rhys", "Stuart", "Jamie",
        "Dean", "Aled",
    ],
    families: &[
        "Smith",
        "Jones",
        "Taylor",
        "Brown",
        "Williams",
        "Wilson",
        "Johnson",
        "Davies",
        "Robinson",
        "Wright",
        "Thompson",
        "Evans",
        "Walker",
        "White",
        "Roberts",
        "Green",
        "Hall",
        "Wood",
        "Jackson",
        "Clarke",
        "Harrison",
        "Lewis",
        "Young",
        "Ward",
        "Turner",
        "Parker",
        "Cooper",
        "Hill",
        "Hughes",
        "Edwards",
        "Collins",
        "Morris",
        "Smith-Jones",
        "Richardson",
        "Bailey",
        "Hughes-Davies",
        "Pritchard",
        "Lloyd",
        "Ashworth",
        "Fairbairn",
    ],
    languages: &["Welsh", "French", "British Sign Language"],
};

const IRISH: NamePool = NamePool {
    women: &[
        "Siobhán", "Aoife", "Niamh", "Ciara", "Orla", "Sinéad", "Róisín", "Méabh", "Clodagh",
    ],
    men: &[
        "Seán", "Ciarán", "Pádraig", "Declan", "Eoin", "Conor", "Cathal", "Darragh",
    ],
    families: &[
        "O'Neill",
        "O'Connor",
        "O'Brien",
        "Murphy",
        "Kelly",
        "Byrne",
        "Walsh",
        "Fitzgerald",
        "McCarthy",
        "Ó Súilleabháin",
        "Mac Giolla",
        "Doherty",
        "Gallagher",
        "D'Arcy",
    ],
    languages: &["Irish"],
};

const EAST_EUROPEAN: NamePool = NamePool {
    women: &[
        "Agnieszka",
        "Katarzyna",
        "Małgorzata",
        "Ioana",
        "Andreea",
        "Kristýna",
        "Oksana",
        "Jelena",
    ],
    men: &[
        "Łukasz", "Wojciech", "Piotr", "Mihai", "Ștefan", "Tomáš", "Andrii", "Marek",
    ],
    families: &[
        "Nowak",
        "Kowalczyk",
        "Wiśniewska",
        "Popescu",
        "Ionescu",
        "Novák",
        "Kovalenko",
        "Zieliński",
        "Dvořák",
        "Petrović",
    ],
    languages: &["Polish", "Romanian", "Czech", "Ukrainian", "Serbian"],
};

const SOUTH_ASIAN_MUSLIM: NamePool = NamePool {
    women: &[
        "Fatima", "Aisha", "Amina", "Zainab", "Nadia", "Yasmin", "Saira", "Rukhsana", "Shabana",
    ],
    men: &[
        "Mohammed", "Imran", "Tariq", "Bilal", "Asif", "Usman", "Kamran", "Rashid",
    ],
    families: &[
        "Khan",
        "Hussain",
        "Ali",
        "Begum",
        "Ahmed",
        "Mahmood",
        "Iqbal",
        "Rahman",
        "Akhtar",
        "Chowdhury",
    ],
    languages: &["Urdu", "Punjabi", "Bengali", "Sylheti", "Mirpuri"],
};

const SOUTH_ASIAN_INDIAN: NamePool = NamePool {
    women: &[
        "Priya", "Anjali", "Harpreet", "Gurpreet", "Neha", "Kavita", "Divya", "Simran",
    ],
    men: &[
        "Rajesh",
        "Sanjay",
        "Arjun",
        "Manpreet",
        "Vikram",
        "Sunil",
        "Jaswinder",
        "Rohan",
    ],
    families: &[
        "Patel", "Sharma", "Singh", "Kaur", "Gill", "Shah", "Mistry", "Nair", "D'Souza", "Menon",
    ],
    languages: &["Gujarati", "Punjabi", "Hindi", "Malayalam", "Tamil"],
};

const WEST_AFRICAN: NamePool = NamePool {
    women: &[
        "Ngozi",
        "Nkechi",
        "Oluwaseun",
        "Abena",
        "Adwoa",
        "Funmilayo",
        "Chiamaka",
        "Efua",
    ],
    men: &[
        "Chukwuemeka",
        "Kwame",
        "Kofi",
        "Oluwadamilare",
        "Emeka",
        "Yaw",
        "Babajide",
        "Tunde",
    ],
    families: &[
        "Okafor", "Mensah", "Adeyemi", "Okonkwo", "Boateng", "Owusu", "Adebayo", "Nwosu", "Asante",
    ],
    languages: &["Yoruba", "Igbo", "Twi", "Hausa"],
};

const SOUTHERN_AFRICAN: NamePool = NamePool {
    women: &[
        "Chiedza", "Tendai", "Rudo", "Kudzai", "Nomvula", "Thandiwe", "Tatenda", "Nyasha",
    ],
    men: &[
        "Tendai", "Farai", "Tinashe", "Takudzwa", "Sipho", "Themba", "Blessing", "Tafadzwa",
    ],
    families: &[
        "Moyo",
        "Ncube",
        "Dube",
        "Sibanda",
        "Chikwanha",
        "Mutasa",
        "Ndlovu",
        "Nkomo",
        "Mahlangu",
    ],
    languages: &["Shona", "Ndebele", "Zulu", "Afrikaans"],
};

const CHINESE: NamePool = NamePool {
    women: &["Mei", "Xiu Ying", "Li Na", "Wing Yan", "Hui Min"],
    men: &["Wei", "Jun", "Ka Ho", "Zhi Hao", "Chun Kit"],
    families: &["Chen", "Wong", "Li", "Zhang", "Cheung", "Lam"],
    languages: &["Cantonese", "Mandarin"],
};

const WORLD: NamePool = NamePool {
    women: &[
        "Layla", "Mariam", "Sofía", "Noémie", "Leila", "Ana", "Thu", "Ayşe", "Björk",
    ],
    men: &[
        "Ahmad", "José", "Omar", "Karim", "Mehmet", "Minh", "Hamid", "João",
    ],
    families: &[
        "Haddad",
        "Fernández",
        "Nguyen",
        "Yılmaz",
        "Karimi",
        "Santos",
        "Abdi",
        "Müller",
        "García",
    ],
    languages: &[
        "Arabic",
        "Spanish",
        "Portuguese",
        "Turkish",
        "Farsi",
        "Somali",
        "Kurdish",
    ],
};

impl Heritage {
    fn pool(self) -> &'static NamePool {
        match self {
            Self::British => &BRITISH,
            Self::Irish => &IRISH,
            Self::EastEuropean => &EAST_EUROPEAN,
            Self::SouthAsianMuslim => &SOUTH_ASIAN_MUSLIM,
            Self::SouthAsianIndian => &SOUTH_ASIAN_INDIAN,
            Self::WestAfrican => &WEST_AFRICAN,
            Self::SouthernAfrican => &SOUTHERN_AFRICAN,
            Self::Chinese => &CHINESE,
            Self::World => &WORLD,
        }
    }

    /// Given names for women (or for men when `man`).
    pub(crate) fn given_names(self, man: bool) -> &'static [&'static str] {
        let pool = self.pool();
        if man { pool.men } else { pool.women }
    }

    /// Family names.
    pub(crate) fn family_names(self) -> &'static [&'static str] {
        self.pool().families
    }

    /// Languages besides English that people of this heritage often speak.
    pub(crate) fn languages(self) -> &'static [&'static str] {
        self.pool().languages
    }

    /// The heritages names are drawn from for a census ethnicity, with weights: a
    /// Black Caribbean or mixed-heritage worker usually has a British name, for
    /// instance.
    pub(crate) fn for_ethnicity(ethnicity: Option<Ethnicity>) -> &'static [(Heritage, f64)] {
        use Heritage::*;
        match ethnicity {
            Some(Ethnicity::Wbri) => &[(British, 1.0)],
            Some(Ethnicity::Wiri) => &[(Irish, 0.8), (British, 0.2)],
            Some(Ethnicity::Woth) => &[(EastEuropean, 0.7), (World, 0.1), (British, 0.2)],
            Some(Ethnicity::Mwbc | Ethnicity::Moth | Ethnicity::Bcrb) => {
                &[(British, 0.9), (World, 0.1)]
            }
            Some(Ethnicity::Mwba) => &[(British, 0.5), (WestAfrican, 0.5)],
            Some(Ethnicity::Mwas) => &[
                (British, 0.6),
                (SouthAsianMuslim, 0.2),
                (SouthAsianIndian, 0.2),
            ],
            Some(Ethnicity::Aind) => &[(SouthAsianIndian, 1.0)],
            Some(Ethnicity::Apkn | Ethnicity::Aban) => &[(SouthAsianMuslim, 1.0)],
            Some(Ethnicity::Aoth) => &[
                (SouthAsianIndian, 0.5),
                (SouthAsianMuslim, 0.3),
                (World, 0.2),
            ],
            Some(Ethnicity::Bafr) => &[(WestAfrican, 0.5), (SouthernAfrican, 0.5)],
            Some(Ethnicity::Both) => &[(WestAfrican, 0.5), (British, 0.3), (World, 0.2)],
            Some(Ethnicity::Chne) => &[(Chinese, 1.0)],
            Some(Ethnicity::Ooth) => &[(World, 1.0)],
            Some(Ethnicity::Refu | Ethnicity::Nobt) | None => {
                &[(British, 0.8), (Irish, 0.1), (World, 0.1)]
            }
        }
    }
}

/// The census ethnicity mix of England's children's social workers, roughly.
pub(crate) const ETHNICITIES: [(Ethnicity, f64); 18] = [
    (Ethnicity::Wbri, 65.0),
    (Ethnicity::Wiri, 1.2),
    (Ethnicity::Woth, 5.0),
    (Ethnicity::Mwbc, 1.6),
    (Ethnicity::Mwba, 0.7),
    (Ethnicity::Mwas, 0.9),
    (Ethnicity::Moth, 1.0),
    (Ethnicity::Aind, 2.6),
    (Ethnicity::Apkn, 3.8),
    (Ethnicity::Aban, 1.2),
    (Ethnicity::Aoth, 1.0),
    (Ethnicity::Bcrb, 2.2),
    (Ethnicity::Bafr, 6.5),
    (Ethnicity::Both, 0.7),
    (Ethnicity::Chne, 0.3),
    (Ethnicity::Ooth, 1.3),
    (Ethnicity::Refu, 1.5),
    (Ethnicity::Nobt, 2.5),
];

/// The ethnicity mix of social workers recruited from overseas.
pub(crate) const OVERSEAS_ETHNICITIES: [(Ethnicity, f64); 7] = [
    (Ethnicity::Bafr, 48.0),
    (Ethnicity::Aind, 18.0),
    (Ethnicity::Woth, 12.0),
    (Ethnicity::Apkn, 4.0),
    (Ethnicity::Ooth, 8.0),
    (Ethnicity::Both, 5.0),
    (Ethnicity::Aoth, 5.0),
];

/// The kinds of children's social work team, the first eight of which every council
/// has; the big four are split by locality in larger councils.
pub(crate) const CHILDREN_TEAM_KINDS: [&str; 11] = [
    "Assessment",
    "Child in Need",
    "Child Protection",
    "Children Looked After",
    "Leaving Care",
    "Fostering",
    "Adoption",
    "MASH and Front Door",
    "Disabled Children",
    "Court and Proceedings",
    "Edge of Care",
];

/// Adult social care teams, where children's social workers go on secondment or move
/// to within the council.
pub(crate) const ADULT_TEAM_KINDS: [&str; 4] = [
    "Adult Social Work",
    "Hospital Discharge",
    "Learning Disabilities",
    "Mental Health (AMHP)",
];

/// Where recruitment events are held; `{}` is the council's home town.
pub(crate) const EVENT_VENUES: [&str; 7] = [
    "{} Civic Centre",
    "{} Town Hall",
    "Online (Teams)",
    "University careers fair, {}",
    "{} Central Library",
    "Community hub, {}",
    "{} Football Club hospitality suite",
];
