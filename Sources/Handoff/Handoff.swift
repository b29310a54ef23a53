// The Handoff library: notes and git state in, the session handoff document out.
//
// Data flows one way: `SessionNotes` (Notes/) and GitState's `RepositorySnapshot`
// go into `DocumentBuilder` (Document/), which redacts secrets (Redaction/) and
// produces a `HandoffDocument`; a renderer (Render/) turns that into Markdown,
// JSON or a custom template, and `HandoffStore` (Store/) saves it exclusively.
import GitState
