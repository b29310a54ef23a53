// The Handoff library: notes and git state in, the session handoff document out.
import GitState
