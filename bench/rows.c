/*
 * rows: the floor of the tally (bench/run.sh --tally-only): what reading
 * the stored reviews of the current sheets costs, with sqlite3's C API
 * alone, nothing kept.
 *
 *	rows [--by-proposal] DB
 *
 * Prints the rows read and the sum of their totals, so that the walk
 * cannot be optimised away and its count can be checked.
 *
 * --by-proposal reads the same rows in proposal order through a covering
 * index reviews_by_proposal(proposal, sheet, declared, withdrawn, total,
 * flags), which DB must be given by hand (the schema has none; see
 * docs/benchmarks.md, Run 16), the current sheets taken as a list so
 * that no review looks up its 200 KB sheet row: what a tally that kept
 * no review would pay to take each proposal's reviews as it scores them.
 * Column 0 is then the sheet, not the reviewer's id: such a tally would
 * map sheets to reviewers in a table of its own.
 */
#include <string.h>
#include <stdio.h>

#include <sqlite3.h>

int
main(int argc, char **argv)
{
	sqlite3		*db;
	sqlite3_stmt	*st;
	long long	 n = 0, sum = 0;
	size_t		 idlen = 0;
	const char	*sql, *path;
	int		 rc;

	sql = "SELECT s.reviewer, r.proposal, r.declared, r.withdrawn, "
	    "r.total, r.flags FROM sheets s JOIN reviews r ON r.sheet = s.seq "
	    "WHERE s.current = 1 ORDER BY s.seq, r.ord";
	if (argc == 3 && strcmp(argv[1], "--by-proposal") == 0)
		sql = "SELECT sheet, proposal, declared, withdrawn, total, "
		    "flags FROM reviews INDEXED BY reviews_by_proposal "
		    "WHERE sheet IN (SELECT seq FROM sheets "
		    "WHERE current = 1) ORDER BY proposal";
	else if (argc != 2) {
		fprintf(stderr, "usage: rows [--by-proposal] DB\n");
		return 2;
	}
	path = argv[argc - 1];
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK || sqlite3_prepare_v2(db, sql, -1, &st, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr, "rows: %s: %s\n", path, sqlite3_errmsg(db));
		return 1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		idlen += (size_t)sqlite3_column_bytes(st, 0) +
		    (size_t)sqlite3_column_bytes(st, 1);
		sum += sqlite3_column_int64(st, 2) +
		    sqlite3_column_int64(st, 3) +
		    sqlite3_column_int64(st, 4) + sqlite3_column_int64(st, 5);
		n++;
	}
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "rows: %s: %s\n", path, sqlite3_errmsg(db));
		return 1;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	printf("%lld rows, sum %lld, %zu bytes of ids\n", n, sum, idlen);
	return 0;
}
