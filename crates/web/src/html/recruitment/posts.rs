//! The establishment: each team's posts (role, FTE, funded or not) set against the
//! people in post and the vacancies open; adding, changing and removing a post.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use pathway_app::change_recruitment;
use pathway_domain::codes::Role;
use pathway_domain::ids::{PostId, TeamId};
use pathway_domain::recruitment::pipeline::{establishment, open_on};
use pathway_domain::recruitment::{Post, Recruitment, RecruitmentChange};
use pathway_domain::values::Fte;
use serde::Deserialize;

use super::home::fte_text;
use super::{
    FormFields, HOME_HREF, POSTS_HREF, RecruitmentReach, SummaryError, load, post_href, refusal,
    request, stage_label, team_choices, team_name, today, vacancy_href,
};
use crate::AppState;
use crate::error::WebError;
use crate::html::people::{Choice, role_label};
use crate::html::person::home_href;
use crate::page::Page;
use crate::session::{SignedIn, check_form_token};

/// One team's line of the establishment.
#[derive(Debug)]
struct TeamLine {
    name: String,
    posts: u64,
    post_fte: String,
    funded_fte: String,
    in_post_fte: String,
    agency_fte: String,
    vacancies: u64,
    vacant_fte: String,
    /// Funded FTE with no one of the council's own in post: what is left to recruit.
    unfilled_fte: String,
}

/// One post in a team's list.
#[derive(Debug)]
struct PostRow {
    id: String,
    href: String,
    title: String,
    role: String,
    fte: String,
    funded: bool,
    open_vacancies: usize,
}

/// A team's posts.
#[derive(Debug)]
struct TeamPosts {
    name: String,
    posts: Vec<PostRow>,
}

#[derive(Template, WebTemplate)]
#[template(path = "recruitment_posts.html")]
/// The establishment page.
pub struct PostsPage {
    page: Page,
    home_href: &'static str,
    whole_council: bool,
    runs_recruitment: bool,
    today: String,
    lines: Vec<TeamLine>,
    teams: Vec<TeamPosts>,
    removed: Option<String>,
}

/// What the establishment page's address may say after a change.
#[derive(Debug, Deserialize)]
pub struct PostsQuery {
    removed: Option<String>,
}

/// `GET /recruitment/posts`: funded FTE against FTE in post and vacant FTE per team,
/// and each team's posts.
pub async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<PostsQuery>,
) -> Result<PostsPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let reach = RecruitmentReach::new(&signed_in);
    let today = today();
    let workforce = &loaded.workforce;
    let lines = establishment(workforce, &loaded.recruitment, today)
        .into_iter()
        .filter(|line| reach.may_see_team(line.team_id.as_ref()))
        .filter(|line| line.posts > 0 || line.in_post_fte > 0.0 || line.vacancies > 0)
        .map(|line| TeamLine {
            name: team_name(workforce, line.team_id.as_ref()),
            posts: line.posts,
            post_fte: format!("{:.1}", line.post_fte),
            funded_fte: format!("{:.1}", line.funded_fte),
            in_post_fte: format!("{:.1}", line.in_post_fte),
            agency_fte: format!("{:.1}", line.agency_fte),
            vacancies: line.vacancies,
            vacant_fte: format!("{:.1}", line.vacant_fte),
            unfilled_fte: format!("{:.1}", (line.funded_fte - line.in_post_fte).max(0.0)),
        })
        .collect();
    let mut posts = reach.posts(&loaded.recruitment);
    posts.sort_by(|a, b| (&a.title, &a.id).cmp(&(&b.title, &b.id)));
    let mut teams: Vec<TeamPosts> = Vec::new();
    let mut team_ids: Vec<Option<&TeamId>> = reach
        .teams(workforce)
        .into_iter()
        .map(|team| Some(&team.id))
        .collect();
    team_ids.push(None);
    for team in team_ids {
        let rows: Vec<PostRow> = posts
            .iter()
            .filter(|post| post.team_id.as_ref() == team)
            .map(|post| PostRow {
                id: post.id.to_string(),
                href: post_href(&post.id),
                title: post.title.clone(),
                role: role_label(post.role),
                fte: post.fte.to_string(),
                funded: post.funded,
                open_vacancies: open_vacancies_of(&loaded.recruitment, workforce, &post.id),
            })
            .collect();
        if !rows.is_empty() {
            teams.push(TeamPosts {
                name: team_name(workforce, team),
                posts: rows,
            });
        }
    }
    Ok(PostsPage {
        page: Page::for_user(&signed_in, HOME_HREF),
        home_href: home_href(&signed_in),
        whole_council: reach.whole_council(),
        runs_recruitment: reach.runs_recruitment,
        today: crate::html::people::long_date(today),
        lines,
        teams,
        removed: query.removed.filter(|id| !id.is_empty()),
    })
}

/// How many of the vacancies linked to a post are open today.
fn open_vacancies_of(
    recruitment: &Recruitment,
    workforce: &pathway_domain::Workforce,
    post: &PostId,
) -> usize {
    let today = today();
    recruitment
        .vacancy_posts
        .iter()
        .filter(|link| &link.post_id == post)
        .filter_map(|link| workforce.vacancies.iter().find(|v| v.id == link.vacancy_id))
        .filter(|vacancy| open_on(vacancy, today))
        .count()
}

/// The post form, as typed, with its errors.
#[derive(Debug, Clone, Default)]
pub struct PostForm {
    id: String,
    title: String,
    team: String,
    role: String,
    fte: String,
    funded: String,
    id_error: Option<String>,
    title_error: Option<String>,
    team_error: Option<String>,
    role_error: Option<String>,
    fte_error: Option<String>,
    funded_error: Option<String>,
}

impl PostForm {
    fn of(post: &Post) -> Self {
        Self {
            id: post.id.to_string(),
            title: post.title.clone(),
            team: post
                .team_id
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            role: post.role.as_str().to_owned(),
            fte: post.fte.to_string(),
            funded: if post.funded { "yes" } else { "no" }.to_owned(),
            ..Self::default()
        }
    }

    fn read(fields: &FormFields, id: Option<&PostId>) -> Self {
        Self {
            id: id.map_or_else(|| fields.get("post_id"), ToString::to_string),
            title: fields.get("title"),
            team: fields.get("team"),
            role: fields.get("role"),
            fte: fields.get("fte"),
            funded: fields.get("funded"),
            ..Self::default()
        }
    }

    fn errors(&self) -> Vec<SummaryError> {
        [
            ("post_id", &self.id_error),
            ("title", &self.title_error),
            ("team", &self.team_error),
            ("role", &self.role_error),
            ("fte", &self.fte_error),
            ("funded", &self.funded_error),
        ]
        .into_iter()
        .filter_map(|(field, error)| {
            error.as_ref().map(|message| SummaryError {
                field: field.to_owned(),
                message: message.clone(),
            })
        })
        .collect()
    }

    /// Checks the form: the post, or `None` with the errors marked. A new post's ID
    /// must be free; the team must be one the user reaches.
    fn check(
        &mut self,
        recruitment: &Recruitment,
        reach: &RecruitmentReach,
        workforce: &pathway_domain::Workforce,
        creating: bool,
    ) -> Option<Post> {
        let id = match PostId::parse(&self.id) {
            Ok(id) if creating && recruitment.posts.iter().any(|p| p.id == id) => {
                self.id_error = Some(format!("There is already a post {id}: choose another ID"));
                None
            }
            Ok(id) => Some(id),
            Err(_) => {
                self.id_error = Some("Enter the post's ID, such as P123".to_owned());
                None
            }
        };
        let title = self.title.trim().to_owned();
        if title.is_empty() {
            self.title_error = Some("Enter the post's title".to_owned());
        } else if title.chars().count() > 200 {
            self.title_error = Some("The title must be 200 characters or fewer".to_owned());
        }
        let team = if self.team.trim().is_empty() {
            self.team_error = Some("Choose the post's team".to_owned());
            None
        } else {
            TeamId::parse(&self.team)
                .ok()
                .filter(|team| workforce.teams.iter().any(|t| &t.id == team))
                .filter(|team| reach.may_see_team(Some(team)))
                .or_else(|| {
                    self.team_error = Some("Choose one of the teams listed".to_owned());
                    None
                })
        };
        let role = Role::parse(&self.role).ok().or_else(|| {
            self.role_error = Some("Choose the post's role".to_owned());
            None
        });
        let fte = Fte::parse(&self.fte).ok().or_else(|| {
            self.fte_error =
                Some("Enter the FTE as a number more than 0 and at most 1, such as 0.5".to_owned());
            None
        });
        let funded = match self.funded.as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => {
                self.funded_error = Some("Say whether the post is funded".to_owned());
                None
            }
        };
        if !self.errors().is_empty() {
            return None;
        }
        Some(Post {
            id: id?,
            title,
            team_id: Some(team?),
            role: role?,
            fte: fte?,
            funded: funded?,
        })
    }
}

/// A vacancy of a post, on its page.
#[derive(Debug)]
struct PostVacancy {
    id: String,
    href: String,
    stage: &'static str,
    opened: String,
    open: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "recruitment_post.html")]
/// A post's page, or the form to add one.
pub struct PostPage {
    page: Page,
    home_href: &'static str,
    creating: bool,
    heading: String,
    action: String,
    banner: Option<&'static str>,
    details: Vec<(&'static str, String)>,
    vacancies: Vec<PostVacancy>,
    runs_recruitment: bool,
    remove_action: String,
    remove_error: Option<String>,
    errors: Vec<SummaryError>,
    form: PostForm,
    teams: Vec<Choice>,
    roles: Vec<Choice>,
    funded: Vec<Choice>,
}

impl PostPage {
    fn new(signed_in: &SignedIn, creating: bool, heading: String, action: String) -> Self {
        Self {
            page: Page::for_user(signed_in, HOME_HREF),
            home_href: home_href(signed_in),
            creating,
            heading,
            action,
            banner: None,
            details: Vec::new(),
            vacancies: Vec::new(),
            runs_recruitment: false,
            remove_action: String::new(),
            remove_error: None,
            errors: Vec::new(),
            form: PostForm::default(),
            teams: Vec::new(),
            roles: Vec::new(),
            funded: Vec::new(),
        }
    }

    /// Fills the form's fields and choices from `form`.
    fn with_form(
        mut self,
        form: PostForm,
        workforce: &pathway_domain::Workforce,
        reach: &RecruitmentReach,
    ) -> Self {
        self.teams = team_choices(workforce, reach, &form.team, Some("Choose a team"));
        self.roles = std::iter::once(Choice::new("", "Choose a role", &form.role))
            .chain(
                Role::ALL
                    .iter()
                    .map(|role| Choice::new(role.as_str(), role_label(*role), &form.role)),
            )
            .collect();
        self.funded = vec![
            Choice::new("yes", "Yes", &form.funded),
            Choice::new("no", "No", &form.funded),
        ];
        self.errors = form.errors();
        self.form = form;
        self
    }
}

/// The next free ID of the form `P1`, `P2`, ... among `taken`.
pub fn next_id<'a>(prefix: &str, taken: impl Iterator<Item = &'a str>) -> String {
    let highest = taken
        .filter_map(|id| id.strip_prefix(prefix))
        .filter_map(|number| number.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    format!("{prefix}{}", highest + 1)
}

fn new_post_page(
    signed_in: &SignedIn,
    form: PostForm,
    workforce: &pathway_domain::Workforce,
    reach: &RecruitmentReach,
) -> PostPage {
    PostPage::new(
        signed_in,
        true,
        "Add a post".to_owned(),
        format!("{POSTS_HREF}/new"),
    )
    .with_form(form, workforce, reach)
}

/// `GET /recruitment/posts/new`: the form for a new post.
pub async fn new(State(state): State<AppState>, signed_in: SignedIn) -> Result<PostPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let reach = RecruitmentReach::new(&signed_in);
    let form = PostForm {
        id: next_id("P", loaded.recruitment.posts.iter().map(|p| p.id.as_str())),
        fte: "1".to_owned(),
        funded: "yes".to_owned(),
        ..PostForm::default()
    };
    Ok(new_post_page(&signed_in, form, &loaded.workforce, &reach))
}

/// `POST /recruitment/posts/new`: adds the post.
pub async fn create(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let fields = FormFields::new(pairs);
    check_form_token(&signed_in, &fields.get("csrf_token"))?;
    let loaded = load(&state, &signed_in).await?;
    let reach = RecruitmentReach::new(&signed_in);
    let mut form = PostForm::read(&fields, None);
    let Some(post) = form.check(&loaded.recruitment, &reach, &loaded.workforce, true) else {
        return Ok(new_post_page(&signed_in, form, &loaded.workforce, &reach).into_response());
    };
    let href = post_href(&post.id);
    let description = format!("post {} added: {}", post.id, post.title);
    match change_recruitment(
        state.store.as_ref(),
        loaded.council,
        request(&signed_in, &description),
        None,
        vec![RecruitmentChange::PutPost(post)],
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{href}?added=1")).into_response()),
        Err(error) => {
            form.title_error = Some(refusal(error)?.join(" "));
            Ok(new_post_page(&signed_in, form, &loaded.workforce, &reach).into_response())
        }
    }
}

/// What a post page's address may say after a change.
#[derive(Debug, Deserialize)]
pub struct PostQuery {
    added: Option<String>,
    saved: Option<String>,
}

/// A post's page: its details, its vacancies and (for those who run recruitment) the
/// form to change it.
fn post_page(
    signed_in: &SignedIn,
    loaded: &super::Loaded,
    reach: &RecruitmentReach,
    post: &Post,
    form: PostForm,
) -> PostPage {
    let workforce = &loaded.workforce;
    let today = today();
    let mut vacancies: Vec<PostVacancy> = loaded
        .recruitment
        .vacancy_posts
        .iter()
        .filter(|link| link.post_id == post.id)
        .filter_map(|link| workforce.vacancies.iter().find(|v| v.id == link.vacancy_id))
        .map(|vacancy| PostVacancy {
            id: vacancy.id.to_string(),
            href: vacancy_href(&vacancy.id),
            stage: stage_label(vacancy.stage),
            opened: crate::html::people::long_date(vacancy.open.start()),
            open: open_on(vacancy, today),
        })
        .collect();
    vacancies.sort_by(|a, b| b.opened.cmp(&a.opened));
    let mut page = PostPage::new(signed_in, false, post.title.clone(), post_href(&post.id))
        .with_form(form, workforce, reach);
    page.details = vec![
        ("Post ID", post.id.to_string()),
        ("Team", team_name(workforce, post.team_id.as_ref())),
        ("Role", role_label(post.role)),
        ("FTE", fte_text(post.fte.value())),
        ("Funded", if post.funded { "Yes" } else { "No" }.to_owned()),
    ];
    page.vacancies = vacancies;
    page.runs_recruitment = reach.runs_recruitment;
    page.remove_action = format!("{}/remove", post_href(&post.id));
    page
}

/// `GET /recruitment/posts/{post_id}`: the post, its vacancies, and the form to
/// change it.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(post_id): Path<String>,
    Query(query): Query<PostQuery>,
) -> Result<PostPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let reach = RecruitmentReach::new(&signed_in);
    let post = reach.find_post(&loaded.recruitment, &post_id)?;
    let mut page = post_page(&signed_in, &loaded, &reach, post, PostForm::of(post));
    page.banner = if query.added.is_some() {
        Some("Post added")
    } else if query.saved.is_some() {
        Some("Post changed")
    } else {
        None
    };
    Ok(page)
}

/// `POST /recruitment/posts/{post_id}`: saves the post's changes.
pub async fn save(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(post_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let fields = FormFields::new(pairs);
    check_form_token(&signed_in, &fields.get("csrf_token"))?;
    let loaded = load(&state, &signed_in).await?;
    let reach = RecruitmentReach::new(&signed_in);
    let post = reach.find_post(&loaded.recruitment, &post_id)?;
    let mut form = PostForm::read(&fields, Some(&post.id));
    let Some(changed) = form.check(&loaded.recruitment, &reach, &loaded.workforce, false) else {
        return Ok(post_page(&signed_in, &loaded, &reach, post, form).into_response());
    };
    let href = post_href(&post.id);
    let description = format!("post {} changed", post.id);
    match change_recruitment(
        state.store.as_ref(),
        loaded.council,
        request(&signed_in, &description),
        None,
        vec![RecruitmentChange::PutPost(changed)],
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{href}?saved=1")).into_response()),
        Err(error) => {
            form.title_error = Some(refusal(error)?.join(" "));
            Ok(post_page(&signed_in, &loaded, &reach, post, form).into_response())
        }
    }
}

/// `POST /recruitment/posts/{post_id}/remove`: removes a post no vacancy is linked
/// to; with vacancies linked, says so on the post's page.
pub async fn remove(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(post_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let fields = FormFields::new(pairs);
    check_form_token(&signed_in, &fields.get("csrf_token"))?;
    let loaded = load(&state, &signed_in).await?;
    let reach = RecruitmentReach::new(&signed_in);
    let post = reach.find_post(&loaded.recruitment, &post_id)?;
    let description = format!("post {} removed", post.id);
    match change_recruitment(
        state.store.as_ref(),
        loaded.council,
        request(&signed_in, &description),
        None,
        vec![RecruitmentChange::RemovePost(post.id.clone())],
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!(
            "{POSTS_HREF}?removed={}",
            crate::html::people::encode(post.id.as_str())
        ))
        .into_response()),
        Err(error) => {
            let mut page = post_page(&signed_in, &loaded, &reach, post, PostForm::of(post));
            page.remove_error = Some(refusal(error)?.join(" "));
            Ok(page.into_response())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_id_follows_the_highest_number_of_its_kind() {
        assert_eq!(next_id("P", ["P1", "P9", "P10", "X99"].into_iter()), "P11");
        assert_eq!(next_id("V", std::iter::empty()), "V1");
    }
}
