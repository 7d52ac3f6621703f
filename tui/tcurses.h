/* The one place that includes curses (wide-character ncurses). */
#ifndef SHINSA_TUI_TCURSES_H
#define SHINSA_TUI_TCURSES_H

#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <wchar.h>
#if defined(SHINSA_HAVE_NCURSESW_CURSES_H)
#include <ncursesw/curses.h>
#else
#include <curses.h>
#endif

#endif
