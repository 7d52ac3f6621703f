/* Renderers of a tallied round: text, CSV, JSON, a self-contained HTML
 * page and an Excel workbook, read from the tally. Each writes to the sink a row at a time (and
 * leaves it to the caller to finish); text from files is sanitised
 * (text), quoted and neutralised (CSV) or escaped (HTML). */
#ifndef SHINSA_MERGE_REPORT_H
#define SHINSA_MERGE_REPORT_H

#include <stdbool.h>

#include "mround.h"
#include "base/sink.h"

int	report_text(const struct mround *, struct sh_sink *out);
int	report_csv(const struct mround *, bool bom, struct sh_sink *out);
int	report_json(const struct mround *, struct sh_sink *out);
int	report_html(const struct mround *, struct sh_sink *out);
/* Appends s to out sanitised and escaped for HTML text and attributes. */
void	report_html_esc(struct sh_buf *out, const char *s);
/*
 * The workbook, written to path (the temporary of an atomic write, made
 * 0600 by the caller); its own temporaries go beside near (the file the
 * user named), which messages name. -1 with err.
 */
int	report_xlsx(const struct mround *, const char *path, const char *near,
	    struct sh_err *err);

#endif
