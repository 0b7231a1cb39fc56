use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The mail address; none for staff without one (they get sign-in letters and see their
    /// reminders on the start page instead of mails).
    #[sea_orm(unique)]
    pub email: Option<String>,
    pub display_name: String,
    pub department_id: Option<Uuid>,
    pub password_hash: Option<String>,
    pub active: bool,
    pub is_demo: bool,
    pub locale: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub deactivated_at: Option<DateTimeUtc>,
    /// The HR system's key; the employee import matches on it.
    #[sea_orm(unique)]
    pub personnel_number: Option<String>,
    /// Selects the target profile, see `reports::profiles`.
    pub job_family: Option<String>,
    pub newsletter: bool,
    /// The secret of the person's "leave the newsletter" link.
    #[sea_orm(unique)]
    pub newsletter_token: Option<String>,
    /// The last successful login. An account that has logged in (or has a password, for
    /// accounts from before this column) keeps its login email against the employee import.
    pub last_login_at: Option<DateTimeUtc>,
    /// When the person's data was erased (`personal_data::server::erase`): the row stays,
    /// without anything that names them, so that what refers to it stays whole.
    pub erased_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::department::Entity",
        from = "Column::DepartmentId",
        to = "super::department::Column::Id"
    )]
    Department,
    #[sea_orm(has_many = "super::user_role::Entity")]
    Roles,
}

impl Related<super::department::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Department.def()
    }
}

impl Related<super::user_role::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Roles.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
