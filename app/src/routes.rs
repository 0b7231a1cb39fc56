//! The route table: which page answers which path. The only module that names every feature's
//! pages; it also joins pages that show a part owned by another feature (the quiz on a module's
//! page, a learner's targets on the evidence page, the newsletter choice in the settings).

use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::{SsrMode, path};

use crate::admin::pages::{AdminUserEditPage, AdminUserNewPage, AdminUsersPage};
use crate::audit::pages::AuditLogPage;
use crate::auth::pages::{
    ForgotPasswordPage, LoginPage, SetPasswordPage, SharedDevicePage, SignInRefusedPage,
};
use crate::authoring::imports::{ModuleImportPage, QuestionImportPage, UploadReportPage};
use crate::authoring::pages::{
    ComparePage, FilePage, HistoryPage, NewModulePage, OverviewPage, VersionPage,
};
use crate::authoring::questions::pages::{QuestionEditPage, QuestionNewPage, QuestionsPage};
use crate::certificate::pages::{
    AdminCertificatesPage, CertificatePage, RevokeCertificatePage, VerifyCertificatePage,
    VerifyPage,
};
use crate::dashboard::pages::HomePage;
use crate::feedback::needs::pages::NeedsPage;
use crate::feedback::pages::{
    FeedbackPage, ModuleFeedback, RateOfferPage, ResultDetailPage, ResultsPage,
};
use crate::help::pages::HelpPage;
use crate::ideas::pages::{IdeaPage, IdeasPage, MyIdeasPage, NewIdeaPage, OfficePage};
use crate::item_stats::pages::{ModuleStatsPage, StatsOverviewPage};
use crate::knowledge::pages::{
    ArticlePage, DeskPage, KnowledgeListPage, KnowledgeSettingsPage, NewArticlePage,
    RevisionEditPage,
};
use crate::learning::pages::{CataloguePage, EvidencePage, LessonPage, ModulePage};
use crate::organisation::pages::{
    DepartmentEditPage, ImportPage, ImportPreviewPage, OrganisationPage,
};
use crate::personal_data::pages::{DataRequestsPage, MyDataPage};
use crate::privacy::pages::PrivacyPage;
use crate::quiz::pages::{QuizOverviewPage, QuizQuestionPage, QuizResultPage, module_quiz};
use crate::reports::needs::NeedsReportPage;
use crate::reports::pages::{
    CertificationReportPage, GapsPage, HeatmapPage, OwnTargetsSection, PublicFiguresPage,
    ReportSettingsPage, ReportsPage, TrendPage,
};
use crate::scouts::pages::{
    BoardPage, CoveragePage, ImpactPage, MyScoutsPage, NewsletterLeavePage, NewsletterSetting,
    RequestPage, ScoutMeetingsPage, ScoutProfileEditPage, ScoutProfilePage,
};
use crate::search::pages::SearchPage;
use crate::settings::pages::{DisplayPage, SettingsPage};
use crate::sign_in::pages::{CodeLoginPage, LettersPage, SignInSettingsPage};
use crate::site_pages::pages::{
    AdminBarriersPage, AdminLegalPageEditPage, AdminSitePagesPage, ImprintPage, PrivacyNoticePage,
    ReportBarrierPage, StatementPage,
};
use crate::ui::NotFound;

#[component]
pub fn AppRoutes() -> impl IntoView {
    view! {
    <Routes fallback=NotFound>
        <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
        <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
        <Route path=path!("/login/code") view=CodeLoginPage ssr=SsrMode::Async />
        <Route path=path!("/login/refused") view=SignInRefusedPage ssr=SsrMode::Async />
        <Route path=path!("/device") view=SharedDevicePage ssr=SsrMode::Async />
        <Route path=path!("/letters") view=LettersPage ssr=SsrMode::Async />
        <Route path=path!("/admin/sign-in") view=SignInSettingsPage ssr=SsrMode::Async />
        <Route path=path!("/password/forgot") view=ForgotPasswordPage ssr=SsrMode::Async />
        <Route path=path!("/password/set/:token") view=SetPasswordPage ssr=SsrMode::Async />
        <Route path=path!("/display") view=DisplayPage ssr=SsrMode::Async />
        <Route path=path!("/learn") view=CataloguePage ssr=SsrMode::Async />
        <Route path=path!("/modules/:id") view=Module ssr=SsrMode::Async />
        <Route path=path!("/modules/:id/lessons/:slug") view=LessonPage ssr=SsrMode::Async />
        <Route path=path!("/evidence") view=Evidence ssr=SsrMode::Async />
        <Route path=path!("/quiz/:id") view=QuizOverviewPage ssr=SsrMode::Async />
        <Route path=path!("/quiz/:id/question/:position") view=QuizQuestionPage ssr=SsrMode::Async />
        <Route path=path!("/quiz/:id/result") view=QuizResultPage ssr=SsrMode::Async />
        <Route path=path!("/settings") view=Settings ssr=SsrMode::Async />
        <Route path=path!("/my-data") view=MyDataPage ssr=SsrMode::Async />
        <Route path=path!("/admin/data-requests") view=DataRequestsPage ssr=SsrMode::Async />
        <Route path=path!("/organisation") view=OrganisationPage ssr=SsrMode::Async />
        <Route path=path!("/organisation/import") view=ImportPage ssr=SsrMode::Async />
        <Route path=path!("/organisation/import/:id") view=ImportPreviewPage ssr=SsrMode::Async />
        <Route path=path!("/organisation/:id") view=DepartmentEditPage ssr=SsrMode::Async />
        <Route path=path!("/admin/users") view=AdminUsersPage ssr=SsrMode::Async />
        <Route path=path!("/admin/users/new") view=AdminUserNewPage ssr=SsrMode::Async />
        <Route path=path!("/admin/users/:id") view=AdminUserEditPage ssr=SsrMode::Async />
        <Route path=path!("/audit") view=AuditLogPage ssr=SsrMode::Async />
        <Route path=path!("/privacy") view=PrivacyPage ssr=SsrMode::Async />
        <Route path=path!("/reports") view=ReportsPage ssr=SsrMode::Async />
        <Route path=path!("/reports/heatmap") view=HeatmapPage ssr=SsrMode::Async />
        <Route path=path!("/reports/gaps") view=GapsPage ssr=SsrMode::Async />
        <Route path=path!("/reports/certification") view=CertificationReportPage ssr=SsrMode::Async />
        <Route path=path!("/reports/trend") view=TrendPage ssr=SsrMode::Async />
        <Route path=path!("/reports/needs") view=NeedsReportPage ssr=SsrMode::Async />
        <Route path=path!("/feedback") view=FeedbackPage ssr=SsrMode::Async />
        <Route path=path!("/feedback/ergebnisse") view=ResultsPage ssr=SsrMode::Async />
        <Route path=path!("/feedback/ergebnisse/:kind/:id") view=ResultDetailPage ssr=SsrMode::Async />
        <Route path=path!("/feedback/:kind/:id") view=RateOfferPage ssr=SsrMode::Async />
        <Route path=path!("/bildungsbedarf") view=NeedsPage ssr=SsrMode::Async />
        <Route path=path!("/reports/settings") view=ReportSettingsPage ssr=SsrMode::Async />
        <Route path=path!("/kennzahlen") view=PublicFiguresPage ssr=SsrMode::Async />
        <Route path=path!("/scouts") view=MyScoutsPage ssr=SsrMode::Async />
        <Route path=path!("/scouts/profile") view=ScoutProfilePage ssr=SsrMode::Async />
        <Route path=path!("/scouts/profile/meetings") view=ScoutMeetingsPage ssr=SsrMode::Async />
        <Route path=path!("/scouts/profile/edit") view=ScoutProfileEditPage ssr=SsrMode::Async />
        <Route path=path!("/scouts/coverage") view=CoveragePage ssr=SsrMode::Async />
        <Route path=path!("/scouts/impact") view=ImpactPage ssr=SsrMode::Async />
        <Route path=path!("/scouts/board") view=BoardPage ssr=SsrMode::Async />
        <Route path=path!("/ideen") view=IdeasPage ssr=SsrMode::Async />
        <Route path=path!("/ideen/neu") view=NewIdeaPage ssr=SsrMode::Async />
        <Route path=path!("/ideen/meine") view=MyIdeasPage ssr=SsrMode::Async />
        <Route path=path!("/ideen/koordination") view=OfficePage ssr=SsrMode::Async />
        <Route path=path!("/ideen/:id") view=IdeaPage ssr=SsrMode::Async />
        <Route path=path!("/newsletter/leave/:token") view=NewsletterLeavePage ssr=SsrMode::Async />
        <Route path=path!("/help/:id") view=RequestPage ssr=SsrMode::Async />
        <Route path=path!("/certificate") view=CertificatePage ssr=SsrMode::Async />
        <Route path=path!("/verify") view=VerifyPage ssr=SsrMode::Async />
        <Route path=path!("/verify/:public_id") view=VerifyCertificatePage ssr=SsrMode::Async />
        <Route path=path!("/admin/certificates") view=AdminCertificatesPage ssr=SsrMode::Async />
        <Route path=path!("/admin/certificates/:public_id/revoke") view=RevokeCertificatePage ssr=SsrMode::Async />
        <Route path=path!("/hilfe") view=HelpPage ssr=SsrMode::Async />
        <Route path=path!("/suche") view=SearchPage ssr=SsrMode::Async />
        <Route path=path!("/wissen") view=KnowledgeListPage ssr=SsrMode::Async />
        <Route path=path!("/wissen/redaktion") view=DeskPage ssr=SsrMode::Async />
        <Route path=path!("/wissen/redaktion/neu") view=NewArticlePage ssr=SsrMode::Async />
        <Route path=path!("/wissen/redaktion/:id") view=RevisionEditPage ssr=SsrMode::Async />
        <Route path=path!("/wissen/einstellungen") view=KnowledgeSettingsPage ssr=SsrMode::Async />
        <Route path=path!("/wissen/:slug") view=ArticlePage ssr=SsrMode::Async />
        <Route path=path!("/barrierefreiheit") view=StatementPage ssr=SsrMode::Async />
        <Route path=path!("/barriere-melden") view=ReportBarrierPage ssr=SsrMode::Async />
        <Route path=path!("/impressum") view=ImprintPage ssr=SsrMode::Async />
        <Route path=path!("/datenschutz") view=PrivacyNoticePage ssr=SsrMode::Async />
        <Route path=path!("/admin/barriers") view=AdminBarriersPage ssr=SsrMode::Async />
        <Route path=path!("/admin/site-pages") view=AdminSitePagesPage ssr=SsrMode::Async />
        <Route path=path!("/admin/site-pages/:page") view=AdminLegalPageEditPage ssr=SsrMode::Async />
        // Uploads: before the pages of `/redaktion/inhalte/:module…`, which the first matching
        // route would otherwise take ("import" as a module).
        <Route path=path!("/redaktion/inhalte/import") view=ModuleImportPage ssr=SsrMode::Async />
        <Route path=path!("/redaktion/inhalte/:module/import/:id") view=UploadReportPage ssr=SsrMode::Async />
        <Route path=path!("/redaktion/inhalte/:module/:number/import") view=QuestionImportPage ssr=SsrMode::Async />
        <Route path=path!("/redaktion/statistik") view=StatsOverviewPage ssr=SsrMode::Async />
        <Route path=path!("/redaktion/statistik/:module") view=ModuleStatsPage ssr=SsrMode::Async />
        <Route path=path!("/redaktion/inhalte") view=OverviewPage ssr=SsrMode::Async />
        <Route path=path!("/redaktion/inhalte/neu") view=NewModulePage ssr=SsrMode::Async />
        <Route path=path!("/redaktion/inhalte/:module") view=HistoryPage ssr=SsrMode::Async />
        <Route path=path!("/redaktion/inhalte/:module/:number") view=VersionPage ssr=SsrMode::Async />
        <Route path=path!("/redaktion/inhalte/:module/:number/datei") view=FilePage ssr=SsrMode::Async />
        <Route path=path!("/redaktion/inhalte/:module/:number/vergleich") view=ComparePage ssr=SsrMode::Async />
        <Route path=path!("/redaktion/inhalte/:module/:number/fragen") view=QuestionsPage ssr=SsrMode::Async />
        <Route path=path!("/redaktion/inhalte/:module/:number/fragen/:question") view=QuestionEditPage ssr=SsrMode::Async />
        <Route path=path!("/redaktion/inhalte/:module/:number/fragen-neu") view=QuestionNewPage ssr=SsrMode::Async />
    </Routes>
    }
}

/// A module's page with its quiz part (start, placement test, past attempts) and, once the
/// module is completed, the form to rate it.
#[component]
fn Module() -> impl IntoView {
    view! { <ModulePage quiz=module_parts /> }
}

fn module_parts(module: &crate::learning::ModuleView) -> AnyView {
    let quiz = module_quiz(module);
    let id = module.id.clone();
    let passed = module.quiz.passed;
    view! { {quiz}<ModuleFeedback module=id passed=passed /> }.into_any()
}

/// The evidence page with the learner's own targets.
#[component]
fn Evidence() -> impl IntoView {
    view! { <EvidencePage targets=|| view! { <OwnTargetsSection /> } /> }
}

/// The settings page with the newsletter choice.
#[component]
fn Settings() -> impl IntoView {
    view! { <SettingsPage newsletter=|| view! { <NewsletterSetting /> } /> }
}
