//! The editors' pages (Redaktion → Inhalte).
