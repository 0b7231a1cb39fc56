use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "department")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    pub name: String,
    pub kind: String,
    pub created_at: DateTimeUtc,
    /// The HR system's code of the unit, e.g. `FB 20`.
    #[sea_orm(unique)]
    pub code: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "Entity", from = "Column::ParentId", to = "Column::Id")]
    Parent,
}

impl ActiveModelBehavior for ActiveModel {}

/// Orders departments as a tree: each parent followed by its children, siblings by name.
pub fn tree_order(departments: Vec<Model>) -> Vec<(Model, u32)> {
    let ids: std::collections::HashSet<Uuid> = departments.iter().map(|d| d.id).collect();
    let mut children: std::collections::HashMap<Option<Uuid>, Vec<Model>> =
        std::collections::HashMap::new();
    for dep in departments {
        // A parent that no longer exists would hide the unit; show it at the top instead.
        let parent = dep.parent_id.filter(|p| ids.contains(p));
        children.entry(parent).or_default().push(dep);
    }
    for list in children.values_mut() {
        list.sort_by_key(|d| d.name.to_lowercase());
    }
    let mut ordered = Vec::new();
    let mut stack: Vec<(Model, u32)> = children
        .remove(&None)
        .unwrap_or_default()
        .into_iter()
        .rev()
        .map(|d| (d, 0))
        .collect();
    while let Some((dep, depth)) = stack.pop() {
        if let Some(kids) = children.remove(&Some(dep.id)) {
            stack.extend(kids.into_iter().rev().map(|k| (k, depth + 1)));
        }
        ordered.push((dep, depth));
    }
    ordered
}
