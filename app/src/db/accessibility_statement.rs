use sea_orm::entity::prelude::*;

/// The administrator's values of the Erklärung zur Barrierefreiheit; one row, id 1.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "accessibility_statement")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    pub conformity: String,
    #[sea_orm(column_type = "Text")]
    pub non_accessible_de: String,
    #[sea_orm(column_type = "Text")]
    pub non_accessible_en: String,
    pub prepared_on: String,
    pub reviewed_on: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub answer_days: i32,
    pub enforcement_name: String,
    #[sea_orm(column_type = "Text")]
    pub enforcement_address: String,
    pub enforcement_url: String,
    pub updated_at: DateTimeUtc,
    pub updated_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// The id of the one row.
pub const ROW: i32 = 1;
