//! The power level of a document: what it may lawfully set depends on it. Read from the
//! issuer level the document layer found in the text (title form, issuer, addressees).

use super::schema::Level;
use crate::document::level::IssuerLevel;
use crate::document::model::{DocType, Document};

pub fn issuer_level(doc: &Document) -> Level {
    if doc.doc_type == DocType::Contract {
        return Level::Normative;
    }
    match doc.level {
        IssuerLevel::Law => Level::Law,
        IssuerLevel::AdminRegulation => Level::AdminRegulation,
        IssuerLevel::LocalRegulation | IssuerLevel::SpecialZoneRegulation => Level::LocalRegulation,
        IssuerLevel::Rules => Level::Rules,
        IssuerLevel::StateCouncil => Level::StateCouncil,
        IssuerLevel::Ministry
        | IssuerLevel::ProvincialGov
        | IssuerLevel::CityGov
        | IssuerLevel::CountyGov
        | IssuerLevel::TownshipGov
        | IssuerLevel::ProvincialDept
        | IssuerLevel::CityDept
        | IssuerLevel::CountyDept
        | IssuerLevel::DispatchedAgency
        | IssuerLevel::InternalUnit
        | IssuerLevel::CoordinationBody
        | IssuerLevel::CongressNonLegislative
        | IssuerLevel::NotApplicable
        | IssuerLevel::Unknown => Level::Normative,
    }
}
