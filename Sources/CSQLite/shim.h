#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro over a cast that Swift cannot import: bind calls pass this instead,
// so SQLite copies the bytes before the Swift buffer goes away.
static inline sqlite3_destructor_type snodo_sqlite_transient(void) { return SQLITE_TRANSIENT; }
