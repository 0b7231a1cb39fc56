//! Where the database holds something about a person, in one list: what the export shows and
//! what erasure does with it. A test reads the schema of the live database and fails when a table
//! or a column that can name a person is in neither this list nor `WITHOUT_PERSON`, so a new
//! table cannot be forgotten.

/// How the rows about a person are found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Match {
    /// `column` holds the person's id.
    Person,
    /// `column` holds the person's id as text (the audit log's target).
    PersonText,
    /// `column` holds the person's mail address.
    Address,
    /// `column` holds the key of a row of `table` whose `person` column is the person's id.
    Via {
        table: &'static str,
        key: &'static str,
        person: &'static str,
    },
    /// `column` holds a keyed digest (an HMAC under a server secret) of the row and the person,
    /// which names nobody: the rows are found by recomputing it for the person at hand, never by
    /// a stored id (`export::find`). An anonymous idea's author (`ideas::server`).
    Keyed,
}

/// What erasure does with the rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnErase {
    /// The person's own account row: everything that names them is removed, the row stays.
    Anonymise,
    Delete,
    /// The reference is set to NULL; the row belongs to someone or something else.
    Nullify,
    /// The rows stay, pointing at the anonymised account, for the reason given; what is text
    /// the person wrote is emptied (`columns`).
    Keep {
        why: &'static str,
        empty: &'static [&'static str],
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reference {
    pub table: &'static str,
    pub column: &'static str,
    pub matching: Match,
    pub erase: OnErase,
}

impl Reference {
    /// The export's name of the section: `table.column`.
    pub fn key(&self) -> String {
        format!("{}.{}", self.table, self.column)
    }
}

const fn person(table: &'static str, column: &'static str, erase: OnErase) -> Reference {
    Reference {
        table,
        column,
        matching: Match::Person,
        erase,
    }
}

/// Every place that refers to a person, in the order erasure works through them (rows that
/// point at other rows of the person go first).
pub const REFERENCES: &[Reference] = &[
    person("users", "id", OnErase::Anonymise),
    person("user_role", "user_id", OnErase::Delete),
    person("session", "user_id", OnErase::Delete),
    person("one_time_token", "user_id", OnErase::Delete),
    person("external_identity", "user_id", OnErase::Delete),
    person("notice", "user_id", OnErase::Delete),
    person("lesson_progress", "user_id", OnErase::Delete),
    Reference {
        table: "attempt_answer",
        column: "attempt_id",
        matching: Match::Via {
            table: "quiz_attempt",
            key: "id",
            person: "user_id",
        },
        erase: OnErase::Delete,
    },
    person("evidence", "user_id", OnErase::Delete),
    // Who wrote or approved a version of a module: the version stays (it is the curriculum and
    // what old attempts point at), the name goes.
    person("content_version", "author_id", OnErase::Nullify),
    person("content_version", "reviewer_id", OnErase::Nullify),
    person("content_contributor", "user_id", OnErase::Delete),
    person("content_conflict", "user_id", OnErase::Delete),
    // Who wrote, reviewed or last checked an article of the knowledge base: the article stays
    // (colleagues read it, lessons link it), the name goes.
    person("knowledge_article", "author_id", OnErase::Nullify),
    person("knowledge_article", "checked_by", OnErase::Nullify),
    person("knowledge_revision", "author_id", OnErase::Nullify),
    person("knowledge_revision", "reviewer_id", OnErase::Nullify),
    person("knowledge_setting", "updated_by", OnErase::Nullify),
    person("quiz_attempt", "user_id", OnErase::Delete),
    person("person_summary", "user_id", OnErase::Delete),
    person("certificate", "user_id", OnErase::Delete),
    person("certificate", "revoked_by", OnErase::Nullify),
    person("progress_share", "user_id", OnErase::Delete),
    person("progress_share", "scout_id", OnErase::Delete),
    person("help_request", "requester_id", OnErase::Delete),
    person(
        "help_request",
        "scout_id",
        OnErase::Keep {
            why: "the request belongs to the colleague who asked; it keeps that a scout answered",
            empty: &[],
        },
    ),
    person("office_hour_booking", "user_id", OnErase::Delete),
    person(
        "office_hour",
        "scout_id",
        OnErase::Keep {
            why: "colleagues' bookings refer to the office hour",
            empty: &[],
        },
    ),
    person("workshop_registration", "user_id", OnErase::Delete),
    person(
        "workshop",
        "scout_id",
        OnErase::Keep {
            why: "colleagues' registrations and attendance refer to the workshop",
            empty: &[],
        },
    ),
    person("scout_profile", "user_id", OnErase::Delete),
    person("scout_topic", "scout_id", OnErase::Delete),
    person("scout_department", "scout_id", OnErase::Delete),
    person("board_post", "author_id", OnErase::Delete),
    // A named idea stays for the colleagues who support and discuss it, without the name; an
    // anonymous idea loses the tag that let the platform recognise its author.
    person("idea", "author_id", OnErase::Nullify),
    Reference {
        table: "idea",
        column: "author_tag",
        matching: Match::Keyed,
        erase: OnErase::Nullify,
    },
    person("idea_support", "supporter_id", OnErase::Delete),
    person("idea_comment", "author_id", OnErase::Delete),
    // That the person rated an offer (not how: the rating is stored without the person).
    person("feedback_given", "user_id", OnErase::Delete),
    person("training_need", "user_id", OnErase::Delete),
    person(
        "audit_log",
        "actor_id",
        OnErase::Keep {
            why: "the audit log keeps what was done, under the erased account's number, until \
                  its own retention ends",
            empty: &[],
        },
    ),
    Reference {
        table: "audit_log",
        column: "target_id",
        matching: Match::PersonText,
        erase: OnErase::Keep {
            why: "the audit log keeps what was done, under the erased account's number, until \
                  its own retention ends",
            empty: &[],
        },
    },
    person("employee_import", "created_by", OnErase::Nullify),
    person("employee_import", "applied_by", OnErase::Nullify),
    person("report_setting", "updated_by", OnErase::Nullify),
    person("sign_in_setting", "break_glass_user_id", OnErase::Nullify),
    person(
        "data_request",
        "user_id",
        OnErase::Keep {
            why: "proof that the request was answered (DSGVO Art. 5(2))",
            empty: &["message"],
        },
    ),
    person("data_request", "decided_by", OnErase::Nullify),
    person("barrier_report", "user_id", OnErase::Delete),
    Reference {
        table: "barrier_report",
        column: "contact_email",
        matching: Match::Address,
        erase: OnErase::Delete,
    },
    person("barrier_report", "answered_by", OnErase::Nullify),
    person("site_page", "updated_by", OnErase::Nullify),
    person("accessibility_statement", "updated_by", OnErase::Nullify),
    Reference {
        table: "outbox",
        column: "recipient",
        matching: Match::Address,
        erase: OnErase::Delete,
    },
];

/// Tables that hold nothing about a person, each with the reason.
pub const WITHOUT_PERSON: &[(&str, &str)] = &[
    ("seaql_migrations", "the schema's version"),
    ("department", "the organisation's units"),
    (
        "certificate_counter",
        "the last certificate number per year",
    ),
    ("issuer_key", "the platform's signing keys"),
    ("newsletter_issue", "which monthly newsletters went out"),
    (
        "released_count",
        "released group figures with noise, never per person",
    ),
    (
        "released_measure",
        "released group figures with noise, never per person",
    ),
    (
        "person_summary_basis",
        "the basis the summaries were computed with",
    ),
    (
        "rate_limit",
        "counters per digest of a client address, kept minutes",
    ),
    (
        "login_throttle",
        "failed-login counters per digest of login and address, kept minutes",
    ),
    (
        "sign_in_request",
        "a sign-in under way at the provider, before anyone is known; kept ten minutes",
    ),
    ("job_run", "which instance ran a daily job"),
    (
        "item_statistic",
        "sums over the graded attempts per question, never per person",
    ),
    (
        "item_option_pick",
        "how often each option was chosen, counted over all attempts",
    ),
    (
        "item_statistic_module",
        "how many attempts of a module version were counted",
    ),
    (
        "item_statistic_rebuild",
        "when the item statistics were rebuilt",
    ),
    (
        "question_report",
        "reported questions with the comment; who reported is not stored",
    ),
    (
        "feedback_rating",
        "ratings of the offers with their comments; who rated is not stored",
    ),
    (
        "feedback_snapshot",
        "figures and comments of the offers as shown, taken in steps of k ratings",
    ),
    ("search_version", "which texts the search index holds"),
    (
        "idea_status",
        "the coordination office's status changes of ideas and its messages; names nobody",
    ),
    (
        "knowledge_tag",
        "the competences and units a published article is tagged with",
    ),
    ("content_media", "the images of the modules"),
    (
        "content_revision",
        "a counter of publications that the instances watch",
    ),
    (
        "content_upload",
        "the report of a question bank or module uploaded by an editor; names the file, not who",
    ),
    (
        "search_document",
        "the search index: modules, lessons and help entries",
    ),
];

/// Tables only SQLite has: the search's FTS5 index and its shadow tables (PostgreSQL keeps the
/// index in a column of `search_document`). Nothing about a person.
pub const SQLITE_ONLY: &[&str] = &[
    "search_fts",
    "search_fts_config",
    "search_fts_data",
    "search_fts_docsize",
    "search_fts_idx",
];

/// Columns the export shows only as "set": secrets, or digests of secrets.
pub const SECRET_COLUMNS: &[(&str, &str)] = &[
    ("users", "password_hash"),
    ("users", "newsletter_token"),
    ("session", "id_hash"),
    ("one_time_token", "token_hash"),
    ("outbox", "attachment"),
];

/// Column names that can name a person: a column of this shape in a table must be in
/// `REFERENCES` or be known to name something else (`OTHER_KEYS`).
pub fn may_name_a_person(column: &str) -> bool {
    column == "user_id"
        || column.ends_with("_user_id")
        || column.ends_with("_by")
        || column == "recipient"
        || [
            "author_id",
            "scout_id",
            "requester_id",
            "actor_id",
            "holder_id",
        ]
        .contains(&column)
}
