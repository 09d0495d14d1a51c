//! What the HTML forms use to turn what people typed into checked values, or into the
//! message a form shows: the readers of single fields and the checks of whole forms
//! that need no stored records. Public so that the fuzz targets (`fuzz/`) reach them;
//! the pages call them from their own modules.

pub use crate::html::academy::FormFields;
pub use crate::html::academy::members::read_hours;
pub use crate::html::academy::parse_time;
pub use crate::html::career::framework::edit as edit_framework;
pub use crate::html::caseloads::worker::{read_cases, read_count_date};
pub use crate::html::recruitment::agency::check_settings as check_recruitment_settings;
pub use crate::html::recruitment::events::parse_pounds as parse_event_cost;
pub use crate::html::recruitment::fields::{FieldErrors, parse_pounds};
pub use crate::html::recruitment::placements::check_university;
pub use crate::html::training::courses::check_new_course;
pub use crate::page::date_input;
