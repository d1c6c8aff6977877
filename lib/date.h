/*
 * Calendar dates for business rules: contract deadlines, reminders,
 * renewals.  A date is a day number (days since 1970-01-01 in the
 * proleptic Gregorian calendar), so that adding days and comparing are
 * plain integer arithmetic.  The business date is Japan's (Asia/Tokyo,
 * UTC+9 all year: Japan has no summer time), whatever the server's
 * time zone.
 */
#ifndef KEIYAKU_DATE_H
#define KEIYAKU_DATE_H

#include <time.h>

#define DATE_LEN	11	/* "YYYY-MM-DD" and its NUL */

long	date_from_ymd(int y, int m, int d);
void	date_to_ymd(long, int *y, int *m, int *d);
int	date_parse(const char *, long *);
void	date_format(long, char out[DATE_LEN]);
long	date_add_months(long, int months);
long	date_today_jst(time_t now);
int	date_weekday(long);		/* 0 Sunday .. 6 Saturday */
const char *date_holiday(long);		/* Japan's holiday: its name, or NULL */
int	date_is_business_day(long);	/* not a weekend, not a holiday */
long	date_business_days(long from, long to);	/* in (from, to] */

#endif
