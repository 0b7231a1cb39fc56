# Ideenbörse: the staff's ideas (app/src/ideas).

nav-ideas = Ideas exchange
nav-ideas-description = Submit, support and follow ideas for digitalisation and better processes.
nav-ideas-office = Coordinate ideas
nav-ideas-office-description = Examine the ideas received and move them on.
ideas-title = Ideas exchange
ideas-intro = Here we collect the ideas of all staff for digitalisation and better processes. Support ideas you like and say what you think. The coordination office Change & Digitalisation examines every idea and shows here how it goes on.
ideas-nav = Parts of the ideas exchange
ideas-nav-all = All ideas
ideas-nav-new = Submit an idea
ideas-nav-mine = My ideas
ideas-nav-office = Coordination
ideas-new = Submit an idea
ideas-new-intro = Describe what does not work well today and what you propose. Fields marked * are required.
ideas-idea = Idea
ideas-filter = Filter ideas
ideas-filter-all = All statuses
ideas-filter-all-units = All units
ideas-filter-reset = Reset the filter
ideas-list-caption = { $count ->
    [one] One idea
   *[other] { $count } ideas
}
ideas-none = No ideas yet. Submit the first one!
ideas-none-filtered = No idea matches this filter.
ideas-title-field = Title
ideas-title-hint = A short sentence naming the idea. At most { $max } characters.
ideas-problem = What does not work well today?
ideas-problem-hint = Describe the situation today. At most { $max } characters.
ideas-proposal = Your proposal
ideas-proposal-hint = What should change, and what would it bring? At most { $max } characters.
ideas-unit = Unit
ideas-unit-hint = Which unit does the idea concern? Optional.
ideas-unit-none = No particular unit
ideas-process = Process concerned
ideas-process-hint = For example: leave request, incoming mail, appointments. Optional, at most 200 characters.
ideas-anonymous-legend = Submit anonymously
ideas-anonymous-label = Submit my idea without my name
ideas-anonymous-hint = Then nobody, not the coordination office nor the administrators, sees who submitted it. Only the day is stored, not the time. You find the idea under “My ideas” and get a mail at every step like everyone. What you write and which unit you choose may still give you away.
ideas-submit = Submit the idea
ideas-submitted = Thank you! Your idea was received. We will mail you at every step.
ideas-status = Status
ideas-status-received = received
ideas-status-examining = being examined
ideas-status-accepted = accepted
ideas-status-implemented = implemented
ideas-status-declined = declined
ideas-submitter = Submitted by
ideas-submitted-on = Submitted on
ideas-anonymous = anonymous
ideas-supporters = Supporters
ideas-comments-count = Comments
ideas-support = Support this idea
ideas-support-withdraw = Withdraw my support
ideas-supported = You support this idea.
ideas-support-withdrawn = You no longer support this idea.
ideas-support-own = You cannot support your own idea.
ideas-support-twice = You support this idea already.
ideas-support-closed = This idea is settled and can no longer be supported.
ideas-mine-named = This is your idea.
ideas-mine-anonymous = This is your idea. You submitted it anonymously; only you see this note.
ideas-history = History
ideas-office-says = The coordination office writes:
ideas-comments = Comments
ideas-comments-none = No comments yet.
ideas-comment = Your comment
ideas-comment-hint = Your comment shows with your name. At most { $max } characters.
ideas-comment-submit = Send the comment
ideas-commented = Your comment is saved.
ideas-comment-delete = Delete the comment
ideas-comment-deleted = The comment is deleted.
ideas-comment-hide = Hide the comment
ideas-hide-reason = Reason for hiding
ideas-comment-hidden = The comment is hidden.
ideas-comment-was-hidden = The coordination office hid this comment.
ideas-comment-reason = Reason:
ideas-comments-too-many = You have written very many comments today. Please try again tomorrow.
ideas-too-many = You have submitted many ideas today. Please submit more tomorrow.
ideas-change-status = Change the status
ideas-change-status-intro = The person who submitted the idea gets a mail with your message at every step. The history shows the coordination office, not your name.
ideas-new-status = New status
ideas-message = Message of the coordination office
ideas-message-hint = Shown in the history and in the mail. Declining needs a reason. At most { $max } characters.
ideas-change-status-submit = Change the status
ideas-status-changed = The status is changed; the person who submitted the idea gets a mail.
ideas-reason-required = Please give a reason for declining.
ideas-transition-invalid = This step is not possible from the idea's current status.
ideas-mine = My ideas
ideas-mine-intro = The ideas you submitted, the anonymous ones too. Only you see this list.
ideas-mine-none = You have not submitted an idea yet.
ideas-office = Coordinate ideas
ideas-office-intro = What waits for the coordination office. For anonymous ideas nobody is shown who submitted them, you neither.
ideas-office-received = { $count ->
    [one] One new idea
   *[other] { $count } new ideas
}
ideas-office-received-none = No new ideas.
ideas-office-examining = { $count ->
    [one] One idea being examined
   *[other] { $count } ideas being examined
}
ideas-office-examining-none = No idea being examined.
ideas-office-accepted = { $count ->
    [one] One accepted idea waits to be implemented
   *[other] { $count } accepted ideas wait to be implemented
}
ideas-office-accepted-none = No accepted idea waits to be implemented.
personal-data-table-idea = Ideas of the ideas exchange
personal-data-table-idea-support = Ideas supported
personal-data-table-idea-comment = Comments on ideas
ideas-comment-hint-anonymous = Your comment shows with your name, but not as the submitter's. If you comment on your own anonymous idea, others might guess that it is yours. At most { $max } characters.
