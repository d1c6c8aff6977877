/*
 * The ledger (契約台帳): the contracts one may see, filtered, sorted
 * and paged, and its CSV export.  Both use one WHERE clause,
 * LEDGER_WHERE, bound by one function, ledger_bind(), so that the page
 * and the export cannot disagree about which rows a user may see or
 * which rows a filter keeps.
 *
 * Filters combine with AND: keyword, contract, expiry and effective
 * date ranges, amount range, counterparty, status, department, owner,
 * tags (every one given), custom fields (text contains, choice equals,
 * number and date ranges, "is empty"), and "is empty" for the optional
 * fixed fields.  Statements are fixed text (prepared, named), so the
 * filters that come in numbers have slots: LEDGER_TAGS tags and
 * LEDGER_CFS custom field conditions, an unused slot bound inactive.
 *
 * Sorting and paging: each sort key has a statement per direction,
 * ordered by (key, id) with an index on (organisation, key) (InnoDB
 * appends the id), and a page starts after (or, backwards, before) a
 * cursor "<id>,<key value>" taken from the last (first) row shown:
 * keyset pagination, so page 200 costs what page 1 does.  The keys
 * that may be empty sort on a generated column that puts an empty
 * value last (ascending), so that (key, id) is never NULL and the
 * cursor condition stays one range (sql/0005-fields.sql).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "contracts.h"
#include "db.h"
#include "fields.h"
#include "http.h"
#include "log.h"
#include "tmpl.h"
#include "util.h"
#include "valid.h"

#define PAGE_ROWS	50
#define EXPORT_CHUNK	1000
#define LEDGER_TAGS	5
#define LEDGER_CFS	5
#define LEDGER_PARAMS	160

/*
 * The rows of the ledger for one user: the visibility rule (as in
 * authz_contract: everything with contracts.view_all, else one's
 * department's, one's own and those one is asked to approve), then
 * every filter; ledger_bind() binds
 * them in this order.  The ranges of contract date, amount and expiry
 * date compare the sort key columns (the value, or the largest one if
 * empty) and exclude the empty: the same rows as comparing the
 * columns themselves, but the range and the sort then use one index,
 * so "expiring in 2027, by expiry date" reads only that range.  A
 * custom field condition is one scalar
 * subquery by the primary key (contract, field): 1 if the value
 * matches, 0 if not, NULL if there is none, compared (<=>) with 1 or,
 * for "is empty", with NULL.
 */
#define LEDGER_WHERE \
    "WHERE c.organisation_id = ? " \
    "AND " AUTHZ_CONTRACT_VISIBLE " " \
    "AND (? = '' OR c.title LIKE ? OR c.counterparty LIKE ? " \
    "OR c.number LIKE ?) " \
    "AND (? IS NULL OR (c.contract_date_key >= ? " \
    "AND c.contract_date IS NOT NULL)) " \
    "AND (? IS NULL OR (c.contract_date_key <= ? " \
    "AND c.contract_date IS NOT NULL)) " \
    "AND (? IS NULL OR (c.amount_key >= ? AND c.amount IS NOT NULL)) " \
    "AND (? IS NULL OR (c.amount_key <= ? AND c.amount IS NOT NULL)) " \
    "AND (? = '' OR c.counterparty LIKE ?) " \
    "AND (? = '' OR c.status = ?) " \
    "AND (? IS NULL OR (c.expiry_date_key >= ? " \
    "AND c.expiry_date IS NOT NULL)) " \
    "AND (? IS NULL OR (c.expiry_date_key <= ? " \
    "AND c.expiry_date IS NOT NULL)) " \
    "AND (? IS NULL OR c.effective_date >= ?) " \
    "AND (? IS NULL OR c.effective_date <= ?) " \
    "AND (? IS NULL OR c.department_id = ?) " \
    "AND (? IS NULL OR c.owner_id = ?) " \
    "AND (? = 0 OR c.contract_date IS NULL) " \
    "AND (? = 0 OR c.effective_date IS NULL) " \
    "AND (? = 0 OR c.expiry_date IS NULL) " \
    "AND (? = 0 OR c.amount IS NULL) " \
    "AND (? = 0 OR c.counterparty = '') " \
    "AND (? = 0 OR c.type_id IS NULL) " \
    "AND (? = 0 OR c.department_id IS NULL) " \
    "AND (? = 0 OR c.owner_id IS NULL) "

/*
 * The filters that come in numbers, as slots: LEDGER_TAGS tags (each
 * must be on the contract) and LEDGER_CFS custom field conditions.  A
 * custom field condition is one scalar subquery by the primary key
 * (contract, field): 1 if the value matches, 0 if not, NULL if there
 * is none, compared (<=>) with 1 or, for "is empty", with NULL.  An
 * unused slot is bound inactive; yet each costs the server its setup
 * on every execution, so a page without such filters uses statements
 * without them (ledger_stmt()).
 */
#define LEDGER_MORE \
    "AND (? = 0 OR c.id IN (SELECT ct.contract_id FROM contract_tags ct " \
    "WHERE ct.organisation_id = ? AND ct.tag_id = ?)) " \
    "AND (? = 0 OR c.id IN (SELECT ct.contract_id FROM contract_tags ct " \
    "WHERE ct.organisation_id = ? AND ct.tag_id = ?)) " \
    "AND (? = 0 OR c.id IN (SELECT ct.contract_id FROM contract_tags ct " \
    "WHERE ct.organisation_id = ? AND ct.tag_id = ?)) " \
    "AND (? = 0 OR c.id IN (SELECT ct.contract_id FROM contract_tags ct " \
    "WHERE ct.organisation_id = ? AND ct.tag_id = ?)) " \
    "AND (? = 0 OR c.id IN (SELECT ct.contract_id FROM contract_tags ct " \
    "WHERE ct.organisation_id = ? AND ct.tag_id = ?)) " \
    "AND (? = 0 OR (SELECT (? IS NULL OR v.text_value COLLATE " \
    "utf8mb4_unicode_520_ci LIKE ?) AND (? IS NULL OR v.text_value = ?) " \
    "AND (? IS NULL OR v.number_value >= ?) " \
    "AND (? IS NULL OR v.number_value <= ?) " \
    "AND (? IS NULL OR v.date_value >= ?) " \
    "AND (? IS NULL OR v.date_value <= ?) FROM contract_field_values v " \
    "WHERE v.contract_id = c.id AND v.field_id = ?) <=> ?) " \
    "AND (? = 0 OR (SELECT (? IS NULL OR v.text_value COLLATE " \
    "utf8mb4_unicode_520_ci LIKE ?) AND (? IS NULL OR v.text_value = ?) " \
    "AND (? IS NULL OR v.number_value >= ?) " \
    "AND (? IS NULL OR v.number_value <= ?) " \
    "AND (? IS NULL OR v.date_value >= ?) " \
    "AND (? IS NULL OR v.date_value <= ?) FROM contract_field_values v " \
    "WHERE v.contract_id = c.id AND v.field_id = ?) <=> ?) " \
    "AND (? = 0 OR (SELECT (? IS NULL OR v.text_value COLLATE " \
    "utf8mb4_unicode_520_ci LIKE ?) AND (? IS NULL OR v.text_value = ?) " \
    "AND (? IS NULL OR v.number_value >= ?) " \
    "AND (? IS NULL OR v.number_value <= ?) " \
    "AND (? IS NULL OR v.date_value >= ?) " \
    "AND (? IS NULL OR v.date_value <= ?) FROM contract_field_values v " \
    "WHERE v.contract_id = c.id AND v.field_id = ?) <=> ?) " \
    "AND (? = 0 OR (SELECT (? IS NULL OR v.text_value COLLATE " \
    "utf8mb4_unicode_520_ci LIKE ?) AND (? IS NULL OR v.text_value = ?) " \
    "AND (? IS NULL OR v.number_value >= ?) " \
    "AND (? IS NULL OR v.number_value <= ?) " \
    "AND (? IS NULL OR v.date_value >= ?) " \
    "AND (? IS NULL OR v.date_value <= ?) FROM contract_field_values v " \
    "WHERE v.contract_id = c.id AND v.field_id = ?) <=> ?) " \
    "AND (? = 0 OR (SELECT (? IS NULL OR v.text_value COLLATE " \
    "utf8mb4_unicode_520_ci LIKE ?) AND (? IS NULL OR v.text_value = ?) " \
    "AND (? IS NULL OR v.number_value >= ?) " \
    "AND (? IS NULL OR v.number_value <= ?) " \
    "AND (? IS NULL OR v.date_value >= ?) " \
    "AND (? IS NULL OR v.date_value <= ?) FROM contract_field_values v " \
    "WHERE v.contract_id = c.id AND v.field_id = ?) <=> ?) "

/*
 * The columns of a ledger page ('c' first: a union may follow,
 * LEDGER_META), then (in each statement) the sort key's value for the
 * cursor.  Tags and custom values come in one
 * cell each: tags joined by spaces (a tag has none), values as
 * "<field id>=<value>" lines (a value has no line break).  (Two
 * subqueries a row cost the server less than one more query for the
 * page's rows at once: measured, 0.9 against 1.8 ms.)  The type's
 * name comes from st_ledger_meta rather than a join per row.
 */
#define LEDGER_COLS \
    "SELECT 'c', c.id, c.number, c.title, c.counterparty, c.type_id, " \
    "c.contract_date, c.expiry_date, " \
    "DATE_SUB(c.expiry_date, INTERVAL c.notice_days DAY), c.status, " \
    "c.amount, c.currency, c.department_id, " \
    "DATE_FORMAT(CONVERT_TZ(c.updated_at, '+00:00', '+09:00'), '%Y-%m-%d'), " \
    "(SELECT GROUP_CONCAT(g.name ORDER BY g.name SEPARATOR ' ') " \
    "FROM contract_tags ctg JOIN tags g ON g.id = ctg.tag_id " \
    "WHERE ctg.contract_id = c.id), " \
    "(SELECT GROUP_CONCAT(cv.field_id, '=', COALESCE(cv.text_value, " \
    "cv.number_value, cv.date_value) SEPARATOR '\\n') " \
    "FROM contract_field_values cv WHERE cv.contract_id = c.id), "
#define LEDGER_FROM \
    "FROM contracts c "

/*
 * st_ledger_meta's rows, padded to a page's 17 columns, for the
 * statements that bring them in the same round trip as the page
 * (st_upage_: no tag or custom field filter, so the fields' kinds are
 * not needed before the page is read).
 */
#define LEDGER_META \
    " UNION ALL (SELECT 'f', f.sort, f.id, f.name, f.kind, f.options, " \
    "f.in_ledger, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, " \
    "NULL FROM custom_fields f WHERE f.organisation_id = ? " \
    "AND f.disabled = 0) " \
    "UNION ALL (SELECT 'd', 0, d.id, d.name, NULL, NULL, NULL, NULL, " \
    "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL " \
    "FROM departments d WHERE d.organisation_id = ?) " \
    "UNION ALL (SELECT 'u', 0, u.id, u.name, NULL, NULL, NULL, NULL, " \
    "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL " \
    "FROM users u WHERE u.organisation_id = ? AND u.disabled = 0) " \
    "UNION ALL (SELECT 't', 0, t.id, t.name, NULL, NULL, NULL, NULL, " \
    "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL " \
    "FROM contract_types t WHERE t.organisation_id = ?)"

enum col {
	COL_KIND, COL_ID, COL_NUMBER, COL_TITLE, COL_PARTY, COL_TYPE, COL_CDATE,
	COL_XDATE, COL_NOTICE, COL_STATUS, COL_AMOUNT, COL_CURRENCY,
	COL_DEPT, COL_UPDATED, COL_TAGS, COL_CF, COL_KEY
};

/*
 * One statement per sort key and direction, each without (st_page_)
 * and with (st_fpage_) the slots of LEDGER_MORE, and without them but
 * with LEDGER_META (st_upage_, the common case: one round trip); the
 * default order is by id, newest first.
 */
DB_STMT_TENANT(st_page_id_asc, LEDGER_COLS "c.id " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.id >= ? AND (c.id > ? OR c.id > ?))) "
    "ORDER BY c.id LIMIT 51");
DB_STMT_TENANT(st_page_id_desc, LEDGER_COLS "c.id " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.id <= ? AND (c.id < ? OR c.id < ?))) "
    "ORDER BY c.id DESC LIMIT 51");
DB_STMT_TENANT(st_page_number_asc, LEDGER_COLS "c.number " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.number >= ? AND (c.number > ? OR c.id > ?))) "
    "ORDER BY c.number, c.id LIMIT 51");
DB_STMT_TENANT(st_page_number_desc, LEDGER_COLS "c.number " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.number <= ? AND (c.number < ? OR c.id < ?))) "
    "ORDER BY c.number DESC, c.id DESC LIMIT 51");
DB_STMT_TENANT(st_page_title_asc, LEDGER_COLS "c.title " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.title >= ? AND (c.title > ? OR c.id > ?))) "
    "ORDER BY c.title, c.id LIMIT 51");
DB_STMT_TENANT(st_page_title_desc, LEDGER_COLS "c.title " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.title <= ? AND (c.title < ? OR c.id < ?))) "
    "ORDER BY c.title DESC, c.id DESC LIMIT 51");
DB_STMT_TENANT(st_page_party_asc, LEDGER_COLS "c.counterparty " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.counterparty >= ? AND (c.counterparty > ? OR c.id > ?))) "
    "ORDER BY c.counterparty, c.id LIMIT 51");
DB_STMT_TENANT(st_page_party_desc, LEDGER_COLS "c.counterparty " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.counterparty <= ? AND (c.counterparty < ? OR c.id < ?))) "
    "ORDER BY c.counterparty DESC, c.id DESC LIMIT 51");
DB_STMT_TENANT(st_page_cdate_asc, LEDGER_COLS "c.contract_date_key " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.contract_date_key >= ? AND (c.contract_date_key > ? OR c.id > ?))) "
    "ORDER BY c.contract_date_key, c.id LIMIT 51");
DB_STMT_TENANT(st_page_cdate_desc, LEDGER_COLS "c.contract_date_key " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.contract_date_key <= ? AND (c.contract_date_key < ? OR c.id < ?))) "
    "ORDER BY c.contract_date_key DESC, c.id DESC LIMIT 51");
DB_STMT_TENANT(st_page_xdate_asc, LEDGER_COLS "c.expiry_date_key " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.expiry_date_key >= ? AND (c.expiry_date_key > ? OR c.id > ?))) "
    "ORDER BY c.expiry_date_key, c.id LIMIT 51");
DB_STMT_TENANT(st_page_xdate_desc, LEDGER_COLS "c.expiry_date_key " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.expiry_date_key <= ? AND (c.expiry_date_key < ? OR c.id < ?))) "
    "ORDER BY c.expiry_date_key DESC, c.id DESC LIMIT 51");
DB_STMT_TENANT(st_page_amount_asc, LEDGER_COLS "c.amount_key " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.amount_key >= ? AND (c.amount_key > ? OR c.id > ?))) "
    "ORDER BY c.amount_key, c.id LIMIT 51");
DB_STMT_TENANT(st_page_amount_desc, LEDGER_COLS "c.amount_key " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.amount_key <= ? AND (c.amount_key < ? OR c.id < ?))) "
    "ORDER BY c.amount_key DESC, c.id DESC LIMIT 51");
DB_STMT_TENANT(st_page_status_asc, LEDGER_COLS "c.status_key " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.status_key >= ? AND (c.status_key > ? OR c.id > ?))) "
    "ORDER BY c.status_key, c.id LIMIT 51");
DB_STMT_TENANT(st_page_status_desc, LEDGER_COLS "c.status_key " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.status_key <= ? AND (c.status_key < ? OR c.id < ?))) "
    "ORDER BY c.status_key DESC, c.id DESC LIMIT 51");
DB_STMT_TENANT(st_page_updated_asc, LEDGER_COLS "c.updated_at " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.updated_at >= ? AND (c.updated_at > ? OR c.id > ?))) "
    "ORDER BY c.updated_at, c.id LIMIT 51");
DB_STMT_TENANT(st_page_updated_desc, LEDGER_COLS "c.updated_at " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.updated_at <= ? AND (c.updated_at < ? OR c.id < ?))) "
    "ORDER BY c.updated_at DESC, c.id DESC LIMIT 51");
DB_STMT_TENANT(st_fpage_id_asc, LEDGER_COLS "c.id " LEDGER_FROM
    LEDGER_WHERE LEDGER_MORE
    "AND (? = 0 OR (c.id >= ? AND (c.id > ? OR c.id > ?))) "
    "ORDER BY c.id LIMIT 51");
DB_STMT_TENANT(st_fpage_id_desc, LEDGER_COLS "c.id " LEDGER_FROM
    LEDGER_WHERE LEDGER_MORE
    "AND (? = 0 OR (c.id <= ? AND (c.id < ? OR c.id < ?))) "
    "ORDER BY c.id DESC LIMIT 51");
DB_STMT_TENANT(st_fpage_number_asc, LEDGER_COLS "c.number " LEDGER_FROM
    LEDGER_WHERE LEDGER_MORE
    "AND (? = 0 OR (c.number >= ? AND (c.number > ? OR c.id > ?))) "
    "ORDER BY c.number, c.id LIMIT 51");
DB_STMT_TENANT(st_fpage_number_desc, LEDGER_COLS "c.number " LEDGER_FROM
    LEDGER_WHERE LEDGER_MORE
    "AND (? = 0 OR (c.number <= ? AND (c.number < ? OR c.id < ?))) "
    "ORDER BY c.number DESC, c.id DESC LIMIT 51");
DB_STMT_TENANT(st_fpage_title_asc, LEDGER_COLS "c.title " LEDGER_FROM
    LEDGER_WHERE LEDGER_MORE
    "AND (? = 0 OR (c.title >= ? AND (c.title > ? OR c.id > ?))) "
    "ORDER BY c.title, c.id LIMIT 51");
DB_STMT_TENANT(st_fpage_title_desc, LEDGER_COLS "c.title " LEDGER_FROM
    LEDGER_WHERE LEDGER_MORE
    "AND (? = 0 OR (c.title <= ? AND (c.title < ? OR c.id < ?))) "
    "ORDER BY c.title DESC, c.id DESC LIMIT 51");
DB_STMT_TENANT(st_fpage_party_asc, LEDGER_COLS "c.counterparty " LEDGER_FROM
    LEDGER_WHERE LEDGER_MORE
    "AND (? = 0 OR (c.counterparty >= ? AND (c.counterparty > ? OR c.id > ?))) "
    "ORDER BY c.counterparty, c.id LIMIT 51");
DB_STMT_TENANT(st_fpage_party_desc, LEDGER_COLS "c.counterparty " LEDGER_FROM
    LEDGER_WHERE LEDGER_MORE
    "AND (? = 0 OR (c.counterparty <= ? AND (c.counterparty < ? OR c.id < ?))) "
    "ORDER BY c.counterparty DESC, c.id DESC LIMIT 51");
DB_STMT_TENANT(st_fpage_cdate_asc, LEDGER_COLS "c.contract_date_key " LEDGER_FROM
    LEDGER_WHERE LEDGER_MORE
    "AND (? = 0 OR (c.contract_date_key >= ? AND (c.contract_date_key > ? OR c.id > ?))) "
    "ORDER BY c.contract_date_key, c.id LIMIT 51");
DB_STMT_TENANT(st_fpage_cdate_desc, LEDGER_COLS "c.contract_date_key " LEDGER_FROM
    LEDGER_WHERE LEDGER_MORE
    "AND (? = 0 OR (c.contract_date_key <= ? AND (c.contract_date_key < ? OR c.id < ?))) "
    "ORDER BY c.contract_date_key DESC, c.id DESC LIMIT 51");
DB_STMT_TENANT(st_fpage_xdate_asc, LEDGER_COLS "c.expiry_date_key " LEDGER_FROM
    LEDGER_WHERE LEDGER_MORE
    "AND (? = 0 OR (c.expiry_date_key >= ? AND (c.expiry_date_key > ? OR c.id > ?))) "
    "ORDER BY c.expiry_date_key, c.id LIMIT 51");
DB_STMT_TENANT(st_fpage_xdate_desc, LEDGER_COLS "c.expiry_date_key " LEDGER_FROM
    LEDGER_WHERE LEDGER_MORE
    "AND (? = 0 OR (c.expiry_date_key <= ? AND (c.expiry_date_key < ? OR c.id < ?))) "
    "ORDER BY c.expiry_date_key DESC, c.id DESC LIMIT 51");
DB_STMT_TENANT(st_fpage_amount_asc, LEDGER_COLS "c.amount_key " LEDGER_FROM
    LEDGER_WHERE LEDGER_MORE
    "AND (? = 0 OR (c.amount_key >= ? AND (c.amount_key > ? OR c.id > ?))) "
    "ORDER BY c.amount_key, c.id LIMIT 51");
DB_STMT_TENANT(st_fpage_amount_desc, LEDGER_COLS "c.amount_key " LEDGER_FROM
    LEDGER_WHERE LEDGER_MORE
    "AND (? = 0 OR (c.amount_key <= ? AND (c.amount_key < ? OR c.id < ?))) "
    "ORDER BY c.amount_key DESC, c.id DESC LIMIT 51");
DB_STMT_TENANT(st_fpage_status_asc, LEDGER_COLS "c.status_key " LEDGER_FROM
    LEDGER_WHERE LEDGER_MORE
    "AND (? = 0 OR (c.status_key >= ? AND (c.status_key > ? OR c.id > ?))) "
    "ORDER BY c.status_key, c.id LIMIT 51");
DB_STMT_TENANT(st_fpage_status_desc, LEDGER_COLS "c.status_key " LEDGER_FROM
    LEDGER_WHERE LEDGER_MORE
    "AND (? = 0 OR (c.status_key <= ? AND (c.status_key < ? OR c.id < ?))) "
    "ORDER BY c.status_key DESC, c.id DESC LIMIT 51");
DB_STMT_TENANT(st_fpage_updated_asc, LEDGER_COLS "c.updated_at " LEDGER_FROM
    LEDGER_WHERE LEDGER_MORE
    "AND (? = 0 OR (c.updated_at >= ? AND (c.updated_at > ? OR c.id > ?))) "
    "ORDER BY c.updated_at, c.id LIMIT 51");
DB_STMT_TENANT(st_fpage_updated_desc, LEDGER_COLS "c.updated_at " LEDGER_FROM
    LEDGER_WHERE LEDGER_MORE
    "AND (? = 0 OR (c.updated_at <= ? AND (c.updated_at < ? OR c.id < ?))) "
    "ORDER BY c.updated_at DESC, c.id DESC LIMIT 51");

DB_STMT_TENANT(st_upage_id_asc, "(" LEDGER_COLS "c.id " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.id >= ? AND (c.id > ? OR c.id > ?))) "
    "ORDER BY c.id LIMIT 51)" LEDGER_META);
DB_STMT_TENANT(st_upage_id_desc, "(" LEDGER_COLS "c.id " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.id <= ? AND (c.id < ? OR c.id < ?))) "
    "ORDER BY c.id DESC LIMIT 51)" LEDGER_META);
DB_STMT_TENANT(st_upage_number_asc, "(" LEDGER_COLS "c.number " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.number >= ? AND (c.number > ? OR c.id > ?))) "
    "ORDER BY c.number, c.id LIMIT 51)" LEDGER_META);
DB_STMT_TENANT(st_upage_number_desc, "(" LEDGER_COLS "c.number " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.number <= ? AND (c.number < ? OR c.id < ?))) "
    "ORDER BY c.number DESC, c.id DESC LIMIT 51)" LEDGER_META);
DB_STMT_TENANT(st_upage_title_asc, "(" LEDGER_COLS "c.title " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.title >= ? AND (c.title > ? OR c.id > ?))) "
    "ORDER BY c.title, c.id LIMIT 51)" LEDGER_META);
DB_STMT_TENANT(st_upage_title_desc, "(" LEDGER_COLS "c.title " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.title <= ? AND (c.title < ? OR c.id < ?))) "
    "ORDER BY c.title DESC, c.id DESC LIMIT 51)" LEDGER_META);
DB_STMT_TENANT(st_upage_party_asc, "(" LEDGER_COLS "c.counterparty " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.counterparty >= ? AND (c.counterparty > ? OR c.id > ?))) "
    "ORDER BY c.counterparty, c.id LIMIT 51)" LEDGER_META);
DB_STMT_TENANT(st_upage_party_desc, "(" LEDGER_COLS "c.counterparty " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.counterparty <= ? AND (c.counterparty < ? OR c.id < ?))) "
    "ORDER BY c.counterparty DESC, c.id DESC LIMIT 51)" LEDGER_META);
DB_STMT_TENANT(st_upage_cdate_asc, "(" LEDGER_COLS "c.contract_date_key " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.contract_date_key >= ? AND (c.contract_date_key > ? OR c.id > ?))) "
    "ORDER BY c.contract_date_key, c.id LIMIT 51)" LEDGER_META);
DB_STMT_TENANT(st_upage_cdate_desc, "(" LEDGER_COLS "c.contract_date_key " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.contract_date_key <= ? AND (c.contract_date_key < ? OR c.id < ?))) "
    "ORDER BY c.contract_date_key DESC, c.id DESC LIMIT 51)" LEDGER_META);
DB_STMT_TENANT(st_upage_xdate_asc, "(" LEDGER_COLS "c.expiry_date_key " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.expiry_date_key >= ? AND (c.expiry_date_key > ? OR c.id > ?))) "
    "ORDER BY c.expiry_date_key, c.id LIMIT 51)" LEDGER_META);
DB_STMT_TENANT(st_upage_xdate_desc, "(" LEDGER_COLS "c.expiry_date_key " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.expiry_date_key <= ? AND (c.expiry_date_key < ? OR c.id < ?))) "
    "ORDER BY c.expiry_date_key DESC, c.id DESC LIMIT 51)" LEDGER_META);
DB_STMT_TENANT(st_upage_amount_asc, "(" LEDGER_COLS "c.amount_key " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.amount_key >= ? AND (c.amount_key > ? OR c.id > ?))) "
    "ORDER BY c.amount_key, c.id LIMIT 51)" LEDGER_META);
DB_STMT_TENANT(st_upage_amount_desc, "(" LEDGER_COLS "c.amount_key " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.amount_key <= ? AND (c.amount_key < ? OR c.id < ?))) "
    "ORDER BY c.amount_key DESC, c.id DESC LIMIT 51)" LEDGER_META);
DB_STMT_TENANT(st_upage_status_asc, "(" LEDGER_COLS "c.status_key " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.status_key >= ? AND (c.status_key > ? OR c.id > ?))) "
    "ORDER BY c.status_key, c.id LIMIT 51)" LEDGER_META);
DB_STMT_TENANT(st_upage_status_desc, "(" LEDGER_COLS "c.status_key " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.status_key <= ? AND (c.status_key < ? OR c.id < ?))) "
    "ORDER BY c.status_key DESC, c.id DESC LIMIT 51)" LEDGER_META);
DB_STMT_TENANT(st_upage_updated_asc, "(" LEDGER_COLS "c.updated_at " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.updated_at >= ? AND (c.updated_at > ? OR c.id > ?))) "
    "ORDER BY c.updated_at, c.id LIMIT 51)" LEDGER_META);
DB_STMT_TENANT(st_upage_updated_desc, "(" LEDGER_COLS "c.updated_at " LEDGER_FROM
    LEDGER_WHERE
    "AND (? = 0 OR (c.updated_at <= ? AND (c.updated_at < ? OR c.id < ?))) "
    "ORDER BY c.updated_at DESC, c.id DESC LIMIT 51)" LEDGER_META);

/* The export: every column, by id, EXPORT_CHUNK rows after a cursor. */
DB_STMT_TENANT(st_export,
    "SELECT c.number, c.title, t.name, c.counterparty, c.counterparty_dept, "
    "c.counterparty_contact, d.name, u.name, c.amount, c.currency, "
    "c.contract_date, c.effective_date, c.expiry_date, c.auto_renew, "
    "c.renewal_months, c.notice_days, "
    "DATE_SUB(c.expiry_date, INTERVAL c.notice_days DAY), c.status, "
    "p.number, "
    "(SELECT GROUP_CONCAT(g.name ORDER BY g.name SEPARATOR ' ') "
    "FROM contract_tags ctg JOIN tags g ON g.id = ctg.tag_id "
    "WHERE ctg.contract_id = c.id), "
    "(SELECT GROUP_CONCAT(cv.field_id, '=', COALESCE(cv.text_value, "
    "cv.number_value, cv.date_value) SEPARATOR '\\n') "
    "FROM contract_field_values cv WHERE cv.contract_id = c.id), c.id "
    "FROM contracts c LEFT JOIN contract_types t ON t.id = c.type_id "
    "LEFT JOIN departments d ON d.id = c.department_id "
    "LEFT JOIN users u ON u.id = c.owner_id "
    "LEFT JOIN contracts p ON p.id = c.parent_id "
    "AND p.organisation_id = c.organisation_id "
    LEDGER_WHERE LEDGER_MORE
    "AND c.id > ? ORDER BY c.id LIMIT 1000");
DB_STMT_TENANT(st_tag_ids,
    "SELECT id, name FROM tags WHERE organisation_id = ? "
    "AND name IN (?, ?, ?, ?, ?)");
/*
 * In one round trip: the enabled custom fields ("f"), the filter
 * form's choices, departments ("d") and users ("u"), and the contract
 * types ("t") whose names the ledger shows.  Sorted here, not
 * by the server: ORDER BY over the union doubled its cost.
 */
DB_STMT_TENANT(st_ledger_meta,
    "SELECT 'f', f.sort, f.id, f.name, f.kind, f.options, f.in_ledger "
    "FROM custom_fields f WHERE f.organisation_id = ? AND f.disabled = 0 "
    "UNION ALL SELECT 'd', 0, d.id, d.name, NULL, NULL, NULL "
    "FROM departments d WHERE d.organisation_id = ? "
    "UNION ALL SELECT 'u', 0, u.id, u.name, NULL, NULL, NULL "
    "FROM users u WHERE u.organisation_id = ? AND u.disabled = 0 "
    "UNION ALL SELECT 't', 0, t.id, t.name, NULL, NULL, NULL "
    "FROM contract_types t WHERE t.organisation_id = ?");

enum family {
	FAM_PLAIN,	/* st_page_: fields read before */
	FAM_SLOTS,	/* st_fpage_: tag or custom field filters */
	FAM_UNION	/* st_upage_: the fields and choices in the same answer */
};

enum keytype {
	KT_INT,		/* id, status (enum index) */
	KT_AMOUNT,	/* amount_key: an integer, empty is the largest */
	KT_TEXT,
	KT_DATE,	/* contract_date_key, expiry_date_key */
	KT_DATETIME	/* updated_at */
};

static const struct sortkey {
	const char		*name;	/* ?sort= */
	enum keytype		 type;
	const struct db_stmt	*st[3][2];	/* [family][descending] */
} sortkeys[] = {
#define SK(name, type, k) { name, type, { { &st_page_##k##_asc, \
    &st_page_##k##_desc }, { &st_fpage_##k##_asc, &st_fpage_##k##_desc }, \
    { &st_upage_##k##_asc, &st_upage_##k##_desc } } }
	SK("", KT_INT, id),
	SK("number", KT_TEXT, number),
	SK("title", KT_TEXT, title),
	SK("counterparty", KT_TEXT, party),
	SK("contract_date", KT_DATE, cdate),
	SK("expiry_date", KT_DATE, xdate),
	SK("amount", KT_AMOUNT, amount),
	SK("status", KT_INT, status),
	SK("updated", KT_DATETIME, updated),
#undef SK
};

/* A custom field condition (one slot of LEDGER_WHERE). */
struct cfcond {
	long long	 field;
	int		 empty;		/* "is empty" */
	char		*like;		/* text contains: a LIKE pattern */
	char		*eq;		/* choice equals */
	char		*nmin, *nmax;	/* number range, digits */
	char		*dfrom, *dto;	/* date range */
};

/* What the ledger's WHERE is bound to, for one request. */
struct filters {
	struct ct_fields f;		/* the enabled custom fields */
	struct db_rows	 meta;		/* st_ledger_meta: choices too */
	const struct db_rows *m;	/* meta, or the page's union */
	long long	 tag_ids[LEDGER_TAGS];
	size_t		 ntags;
	struct cfcond	 cf[LEDGER_CFS];
	size_t		 ncf;
	char		*like, *plike, *from, *to, *amin, *amax;
	struct buf	 query;		/* the filters as a query string */
};

struct params {
	struct db_param	 v[LEDGER_PARAMS];
	size_t		 n;
};

static void
p_int(struct params *p, long long v)
{
	if (p->n < LEDGER_PARAMS)
		p->v[p->n] = DBI(v);
	p->n++;
}

static void
p_str(struct params *p, const char *s)
{
	if (p->n < LEDGER_PARAMS)
		p->v[p->n] = DBS(s);
	p->n++;
}

/* An integer given as digits, or NULL. */
static void
p_optint(struct params *p, const char *s)
{
	if (s == NULL)
		p_str(p, NULL);
	else
		p_int(p, util_num(s));
}

static void
filters_free(struct filters *fl)
{
	size_t	i;

	for (i = 0; i < fl->ncf; i++) {
		free(fl->cf[i].like);
		free(fl->cf[i].eq);
		free(fl->cf[i].nmin);
		free(fl->cf[i].nmax);
		free(fl->cf[i].dfrom);
		free(fl->cf[i].dto);
	}
	free(fl->like);
	free(fl->plike);
	free(fl->from);
	free(fl->to);
	free(fl->amin);
	free(fl->amax);
	ct_fields_free(&fl->f);
	db_rows_free(&fl->meta);
	buf_free(&fl->query);
	memset(fl, 0, sizeof(*fl));
}

static const char *
in_or_empty(const struct req *r, enum key k)
{
	return app_in(r, k) ? app_in(r, k) : "";
}

/*
 * Binds LEDGER_WHERE, and LEDGER_MORE if more (after the organisation,
 * which db_run binds) for the user of r and the filters fl, in the
 * statement's order.
 */
static void
ledger_bind(struct req *r, const struct filters *fl, struct params *p,
    int more)
{
	static const enum key empties[] = { KEY_NO_CDATE, KEY_NO_EDATE,
	    KEY_NO_XDATE, KEY_NO_AMOUNT, KEY_NO_PARTY, KEY_NO_TYPE,
	    KEY_NO_DEPT, KEY_NO_OWNER };
	const char	*q = in_or_empty(r, KEY_Q);
	const char	*party = in_or_empty(r, KEY_PARTY);
	const char	*fst = in_or_empty(r, KEY_FSTATUS);
	const char	*v;
	size_t		 i;

	/* AUTHZ_CONTRACT_VISIBLE_ARGS, one by one. */
	p_int(p, authz_view_all(r));
	p_int(p, r->user.dept_id);
	p_int(p, r->user.user_id);
	p_int(p, r->user.user_id);
	p_str(p, q);
	p_str(p, fl->like);
	p_str(p, fl->like);
	p_str(p, fl->like);
	p_str(p, fl->from);
	p_str(p, fl->from);
	p_str(p, fl->to);
	p_str(p, fl->to);
	p_optint(p, fl->amin);
	p_optint(p, fl->amin);
	p_optint(p, fl->amax);
	p_optint(p, fl->amax);
	p_str(p, party);
	p_str(p, fl->plike);
	p_str(p, fst);
	p_str(p, fst);
	{
		static const enum key dates[] = { KEY_XFROM, KEY_XTO,
		    KEY_EFROM, KEY_ETO };

		for (i = 0; i < NELEM(dates); i++) {
			v = app_in(r, dates[i]);
			v = v != NULL && *v != '\0' ? v : NULL;
			p_str(p, v);
			p_str(p, v);
		}
	}
	v = app_in(r, KEY_FDEPT);
	p_optint(p, v != NULL && *v != '\0' ? v : NULL);
	p_optint(p, v != NULL && *v != '\0' ? v : NULL);
	v = app_in(r, KEY_FOWNER);
	p_optint(p, v != NULL && *v != '\0' ? v : NULL);
	p_optint(p, v != NULL && *v != '\0' ? v : NULL);
	for (i = 0; i < NELEM(empties); i++)
		p_int(p, app_in(r, empties[i]) != NULL &&
		    strcmp(app_in(r, empties[i]), "1") == 0);
	if (!more)
		return;
	for (i = 0; i < LEDGER_TAGS; i++) {
		p_int(p, i < fl->ntags);
		p_int(p, r->user.org_id);
		p_int(p, i < fl->ntags ? fl->tag_ids[i] : 0);
	}
	for (i = 0; i < LEDGER_CFS; i++) {
		const struct cfcond	*c = &fl->cf[i];
		int			 on = i < fl->ncf;

		p_int(p, on);
		p_str(p, on ? c->like : NULL);
		p_str(p, on ? c->like : NULL);
		p_str(p, on ? c->eq : NULL);
		p_str(p, on ? c->eq : NULL);
		p_optint(p, on ? c->nmin : NULL);
		p_optint(p, on ? c->nmin : NULL);
		p_optint(p, on ? c->nmax : NULL);
		p_optint(p, on ? c->nmax : NULL);
		p_str(p, on ? c->dfrom : NULL);
		p_str(p, on ? c->dfrom : NULL);
		p_str(p, on ? c->dto : NULL);
		p_str(p, on ? c->dto : NULL);
		p_int(p, on ? c->field : 0);
		if (on && c->empty)
			p_str(p, NULL);
		else
			p_int(p, 1);
	}
}

/* Takes one custom field condition into the next slot. */
static struct cfcond *
cf_slot(struct filters *fl, long long field)
{
	struct cfcond	*c;

	if (fl->ncf == LEDGER_CFS)
		return NULL;
	c = &fl->cf[fl->ncf++];
	memset(c, 0, sizeof(*c));
	c->field = field;
	return c;
}

/*
 * The custom field filters, from the query string: for field <id>,
 * cf<id> (text: contains; choice: equals), cf<id>_min / _max
 * (number), cf<id>_from / _to (date), cf<id>_empty=1.  They are
 * declared by the organisation's field definitions rather than the
 * program's key table, and checked here by kind.  Returns NULL, or
 * the message key of a 400 (*bad: the field's name).
 */
static const char *
take_cf_filters(struct req *r, struct filters *fl, const char **bad)
{
	struct buf	 b = { NULL, 0, 0 };
	struct cfcond	*c;
	const char	*v, *lo, *hi;
	char		 name[48], name2[48];
	size_t		 i;

	for (i = 0; i < fl->f.n; i++) {
		const struct ct_field	*f = &fl->f.v[i];

		*bad = f->name;
		snprintf(name, sizeof(name), "cf%lld_empty", f->id);
		if ((v = kv_get(&r->query_kv, name)) != NULL && *v != '\0') {
			if (strcmp(v, "1") != 0)
				goto bad;
			if ((c = cf_slot(fl, f->id)) == NULL)
				goto many;
			c->empty = 1;
			ct_url_add(&fl->query, name, v);
			continue;
		}
		switch (f->kind) {
		case FIELDS_TEXT:
		case FIELDS_CHOICE:
			snprintf(name, sizeof(name), "cf%lld", f->id);
			if ((v = kv_get(&r->query_kv, name)) == NULL)
				break;
			/* A choice may be one no longer offered. */
			if (!valid_line(v, strlen(v)))
				goto bad;
			if (*v == '\0')
				break;
			if ((c = cf_slot(fl, f->id)) == NULL)
				goto many;
			if (f->kind == FIELDS_TEXT)
				c->like = db_like(v);
			else
				c->eq = xstrdup(v);
			ct_url_add(&fl->query, name, v);
			break;
		case FIELDS_NUMBER:
		case FIELDS_DATE:
			snprintf(name, sizeof(name), f->kind == FIELDS_NUMBER ?
			    "cf%lld_min" : "cf%lld_from", f->id);
			snprintf(name2, sizeof(name2), f->kind == FIELDS_NUMBER ?
			    "cf%lld_max" : "cf%lld_to", f->id);
			lo = kv_get(&r->query_kv, name);
			hi = kv_get(&r->query_kv, name2);
			if ((lo == NULL || *lo == '\0') &&
			    (hi == NULL || *hi == '\0'))
				break;
			if ((c = cf_slot(fl, f->id)) == NULL)
				goto many;
			if (lo != NULL && *lo != '\0') {
				if (fields_value(f->kind, lo, NULL, NULL,
				    &b) != 0)
					goto bad;
				if (f->kind == FIELDS_NUMBER)
					c->nmin = xstrdup(b.data);
				else
					c->dfrom = xstrdup(b.data);
				ct_url_add(&fl->query, name, lo);
			}
			if (hi != NULL && *hi != '\0') {
				if (fields_value(f->kind, hi, NULL, NULL,
				    &b) != 0)
					goto bad;
				if (f->kind == FIELDS_NUMBER)
					c->nmax = xstrdup(b.data);
				else
					c->dto = xstrdup(b.data);
				ct_url_add(&fl->query, name2, hi);
			}
			break;
		}
	}
	buf_free(&b);
	*bad = NULL;
	return NULL;
bad:
	buf_free(&b);
	return "contracts.bad_filter";
many:
	buf_free(&b);
	*bad = NULL;
	return "contracts.too_many_filters";
}

/* Takes the custom fields (kind "f" rows) of m into fl->f. */
static void
take_fields(struct filters *fl, const struct db_rows *m)
{
	size_t	i;

	fl->m = m;
	fl->f.v = xcalloc(m->nrows, sizeof(*fl->f.v));
	for (i = 0; i < m->nrows; i++) {
		struct ct_field *f = &fl->f.v[fl->f.n];

		if (DB_CELL(m, i, 0)[0] != 'f')
			continue;
		f->id = util_num(DB_CELL(m, i, 2));
		f->name = xstrdup(DB_CELL(m, i, 3));
		f->kind = fields_kind(DB_CELL(m, i, 4));
		f->options = xstrdup(DB_CELL(m, i, 5));
		f->in_ledger = strcmp(DB_CELL(m, i, 6), "1") == 0;
		f->sort = atoi(DB_CELL(m, i, 1));
		fl->f.n++;
	}
	ct_fields_sort(&fl->f);
}

/* 1 if the query string has a custom field filter (cf<digits>...). */
static int
has_cf_params(const struct req *r)
{
	size_t	i;

	for (i = 0; i < r->query_kv.n; i++)
		if (strncmp(r->query_kv.v[i].key, "cf", 2) == 0 &&
		    r->query_kv.v[i].key[2] >= '0' &&
		    r->query_kv.v[i].key[2] <= '9')
			return 1;
	return 0;
}

/*
 * Reads and checks every filter of the request into fl (freed with
 * filters_free, also after a failure); meta: read the custom fields
 * and choices now (else the caller has no custom field filter and
 * takes them from the page's answer).  Returns 0, or -1 after
 * answering (400 with a message, or 503).
 */
static int
filters_take(struct req *r, struct filters *fl, int meta)
{
	static const struct { enum key k; const char *n; } fk[] = {
		{ KEY_Q, "q" }, { KEY_FROM, "date_from" },
		{ KEY_TO, "date_to" }, { KEY_AMIN, "amount_min" },
		{ KEY_AMAX, "amount_max" }, { KEY_PARTY, "party" },
		{ KEY_FSTATUS, "fstatus" }, { KEY_XFROM, "expiry_from" },
		{ KEY_XTO, "expiry_to" }, { KEY_EFROM, "effective_from" },
		{ KEY_ETO, "effective_to" }, { KEY_FDEPT, "dept" },
		{ KEY_FOWNER, "owner" }, { KEY_FTAG, "tag" },
		{ KEY_NO_CDATE, "empty_contract_date" },
		{ KEY_NO_EDATE, "empty_effective_date" },
		{ KEY_NO_XDATE, "empty_expiry_date" },
		{ KEY_NO_AMOUNT, "empty_amount" },
		{ KEY_NO_PARTY, "empty_counterparty" },
		{ KEY_NO_TYPE, "empty_type" },
		{ KEY_NO_DEPT, "empty_department" },
		{ KEY_NO_OWNER, "empty_owner" },
		{ KEY_SORT, "sort" }, { KEY_DIR, "dir" },
		{ KEY_AFTER, "after" }, { KEY_BEFORE, "before" },
	};
	const char	*msg, *bad = NULL;
	char		**tags = NULL;
	size_t		 i, k, ntags = 0;

	memset(fl, 0, sizeof(*fl));
	for (i = 0; i < NELEM(fk); i++) {
		if (app_in_present(r, fk[i].k) && app_in(r, fk[i].k) == NULL) {
			app_error_msg(r, 400, "contracts.bad_filter");
			return -1;
		}
		/* The link's filters: all but the sort and the cursor. */
		if (fk[i].k != KEY_SORT && fk[i].k != KEY_DIR &&
		    fk[i].k != KEY_AFTER && fk[i].k != KEY_BEFORE &&
		    app_in(r, fk[i].k) != NULL && *app_in(r, fk[i].k) != '\0')
			ct_url_add(&fl->query, fk[i].n, app_in(r, fk[i].k));
	}
	if (meta) {
		if (DB_RUN(r, &st_ledger_meta, &fl->meta, DBI(r->user.org_id),
		    DBI(r->user.org_id), DBI(r->user.org_id)) == -1) {
			app_error(r, 503);
			return -1;
		}
		take_fields(fl, &fl->meta);
		if ((msg = take_cf_filters(r, fl, &bad)) != NULL) {
			if (bad != NULL)
				tmpl_set(r->tmpl, "Error.Detail", bad);
			app_error_msg(r, 400, msg);
			return -1;
		}
	}
	if (app_in(r, KEY_FTAG) != NULL) {
		if (fields_tags(app_in(r, KEY_FTAG), &tags, &ntags,
		    LEDGER_TAGS) != 0) {
			app_error_msg(r, 400, "contracts.bad_tag_filter");
			return -1;
		}
		fl->ntags = ntags;
	}
	if (ntags > 0) {
		struct db_rows	 rows;
		struct db_param	 p[LEDGER_TAGS];

		for (i = 0; i < LEDGER_TAGS; i++)
			p[i] = DBS(i < ntags ? tags[i] : NULL);
		if (db_run(r, &st_tag_ids, p, LEDGER_TAGS, &rows) == -1) {
			fields_tags_free(tags, ntags);
			app_error(r, 503);
			return -1;
		}
		/* A tag nobody has: id 0, which no contract has either. */
		for (i = 0; i < ntags; i++)
			for (k = 0; k < rows.nrows; k++)
				if (strcmp(DB_CELL(&rows, k, 1), tags[i]) == 0)
					fl->tag_ids[i] = util_num(DB_CELL(&rows,
					    k, 0));
		db_rows_free(&rows);
		fields_tags_free(tags, ntags);
	}
	fl->like = db_like(in_or_empty(r, KEY_Q));
	fl->plike = db_like(in_or_empty(r, KEY_PARTY));
	fl->from = ct_stored(r, KEY_FROM);
	fl->to = ct_stored(r, KEY_TO);
	fl->amin = ct_stored(r, KEY_AMIN);
	fl->amax = ct_stored(r, KEY_AMAX);
	return 0;
}

/* The name of the kind row (st_ledger_meta) with this id, or "". */
static const char *
meta_name(const struct db_rows *meta, char kind, const char *id)
{
	size_t	i;

	for (i = 0; id != NULL && i < meta->nrows; i++)
		if (DB_CELL(meta, i, 0)[0] == kind &&
		    strcmp(DB_CELL(meta, i, 2), id) == 0)
			return DB_CELL(meta, i, 3);
	return "";
}

/* The sort key named s ("" for the default). */
static const struct sortkey *
sortkey(const char *s)
{
	size_t	i;

	for (i = 0; i < NELEM(sortkeys); i++)
		if (s != NULL && strcmp(sortkeys[i].name, s) == 0)
			return &sortkeys[i];
	return &sortkeys[0];
}

/*
 * Checks the value of a cursor against the sort key's type.  Returns
 * 1 if it may be bound.
 */
static int
cursor_value_ok(enum keytype t, const char *v)
{
	size_t	n = strlen(v);

	switch (t) {
	case KT_INT:
		return valid_id(v, n);
	case KT_AMOUNT:
		return n >= 1 && n <= 19 && strspn(v, "0123456789") == n;
	case KT_DATE:
		return n == 10 && valid_opt_date(v, n);
	case KT_DATETIME:
		/* YYYY-MM-DD HH:MM:SS[.ffffff] */
		return (n == 19 || n == 26) && valid_opt_date(v, 10) &&
		    v[10] == ' ' && v[13] == ':' && v[16] == ':' &&
		    strspn(v + 11, "0123456789") == 2 &&
		    strspn(v + 14, "0123456789") == 2 &&
		    strspn(v + 17, "0123456789") == 2 &&
		    (n == 19 || (v[19] == '.' &&
		    strspn(v + 20, "0123456789") == 6));
	default:
		return 1;
	}
}

/* Sets name to "/contracts?<query>[&more]" (the filters kept). */
static void
set_href(struct req *r, const char *name, const struct buf *query,
    const char *k1, const char *v1, const char *k2, const char *v2,
    const char *k3, const char *v3)
{
	struct buf	b = { NULL, 0, 0 };

	if (query->len > 0)
		buf_add(&b, query->data, query->len);
	if (k1 != NULL && v1 != NULL && *v1 != '\0')
		ct_url_add(&b, k1, v1);
	if (k2 != NULL && v2 != NULL && *v2 != '\0')
		ct_url_add(&b, k2, v2);
	if (k3 != NULL && v3 != NULL && *v3 != '\0')
		ct_url_add(&b, k3, v3);
	tmpl_setf(r->tmpl, name, "/contracts%s%s", b.len ? "?" : "",
	    b.data ? b.data : "");
	buf_free(&b);
}

/* The number at the start of s (a cursor's id, a value's field), or 0. */
static long long
lead_id(const char *s)
{
	long long	v = 0;
	size_t		i;

	for (i = 0; i < 18 && s[i] >= '0' && s[i] <= '9'; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* A custom value cell ("<id>=<v>\n...") of field id, or NULL. */
static char *
cf_value(const char *cell, long long id)
{
	const char	*p, *e, *eq;

	for (p = cell; p != NULL && *p; p = *e ? e + 1 : e) {
		e = p + strcspn(p, "\n");
		if ((eq = memchr(p, '=', (size_t)(e - p))) != NULL &&
		    eq > p && (size_t)(eq - p) == strspn(p, "0123456789") &&
		    lead_id(p) == id)
			return xstrndup(eq + 1, (size_t)(e - eq - 1));
	}
	return NULL;
}

/* The filter form: the values given, departments, users, custom fields. */
static void
set_filter_form(struct req *r, const struct filters *fl)
{
	static const struct { enum key k; const char *n; } fk[] = {
		{ KEY_FROM, "Filter.date_from" }, { KEY_TO, "Filter.date_to" },
		{ KEY_AMIN, "Filter.amount_min" },
		{ KEY_AMAX, "Filter.amount_max" },
		{ KEY_PARTY, "Filter.party" }, { KEY_FSTATUS, "Filter.fstatus" },
		{ KEY_XFROM, "Filter.expiry_from" },
		{ KEY_XTO, "Filter.expiry_to" },
		{ KEY_EFROM, "Filter.effective_from" },
		{ KEY_ETO, "Filter.effective_to" },
		{ KEY_FDEPT, "Filter.dept" }, { KEY_FOWNER, "Filter.owner" },
		{ KEY_FTAG, "Filter.tag" },
		{ KEY_NO_CDATE, "Filter.empty_contract_date" },
		{ KEY_NO_EDATE, "Filter.empty_effective_date" },
		{ KEY_NO_XDATE, "Filter.empty_expiry_date" },
		{ KEY_NO_AMOUNT, "Filter.empty_amount" },
		{ KEY_NO_PARTY, "Filter.empty_counterparty" },
		{ KEY_NO_TYPE, "Filter.empty_type" },
		{ KEY_NO_DEPT, "Filter.empty_department" },
		{ KEY_NO_OWNER, "Filter.empty_owner" },
	};
	char		 name[96], key[48];
	const char	*v;
	size_t		 i, nd = 0, nu = 0, n = 0, k;
	int		 any = 0;

	tmpl_set(r->tmpl, "Q", in_or_empty(r, KEY_Q));
	for (i = 0; i < NELEM(fk); i++) {
		tmpl_set(r->tmpl, fk[i].n, in_or_empty(r, fk[i].k));
		any |= *in_or_empty(r, fk[i].k) != '\0';
	}
	for (i = 0; i < fl->m->nrows; i++) {
		const char	*kind = DB_CELL(fl->m, i, 0);
		int		 d = kind[0] == 'd';

		if (kind[0] != 'd' && kind[0] != 'u')
			continue;
		snprintf(name, sizeof(name), "%s.%zu.Id", d ? "Depts" : "Owners",
		    d ? nd : nu);
		tmpl_set(r->tmpl, name, DB_CELL(fl->m, i, 2));
		snprintf(name, sizeof(name), "%s.%zu.Name", d ? "Depts" :
		    "Owners", d ? nd : nu);
		tmpl_set(r->tmpl, name, DB_CELL(fl->m, i, 3));
		if (d)
			nd++;
		else
			nu++;
	}
	for (i = 0; i < fl->f.n; i++) {
		const struct ct_field	*f = &fl->f.v[i];
		static const char *const sfx[] = { "", "_min", "_max",
		    "_from", "_to", "_empty" };
		static const char *const hn[] = { "Value", "Min", "Max",
		    "From", "To", "Empty" };
		const char		*p, *e;

		snprintf(name, sizeof(name), "FF.%zu.Id", n);
		tmpl_set_int(r->tmpl, name, f->id);
		snprintf(name, sizeof(name), "FF.%zu.Name", n);
		tmpl_set(r->tmpl, name, f->name);
		snprintf(name, sizeof(name), "FF.%zu.Kind", n);
		tmpl_set(r->tmpl, name, fields_kind_code(f->kind));
		for (k = 0; k < NELEM(sfx); k++) {
			snprintf(key, sizeof(key), "cf%lld%s", f->id, sfx[k]);
			v = kv_get(&r->query_kv, key);
			snprintf(name, sizeof(name), "FF.%zu.%s", n, hn[k]);
			tmpl_set(r->tmpl, name, v ? v : "");
			any |= v != NULL && *v != '\0';
		}
		k = 0;
		for (p = f->kind == FIELDS_CHOICE ? f->options : ""; *p;
		    p = *e ? e + 1 : e) {
			e = p + strcspn(p, "\n");
			snprintf(name, sizeof(name), "FF.%zu.Options.%zu", n,
			    k++);
			tmpl_setf(r->tmpl, name, "%.*s", (int)(e - p), p);
		}
		n++;
	}
	if (any)
		tmpl_set(r->tmpl, "Filter.Open", "1");
}

/*
 * GET /contracts: one page of the ledger.  sort (a key of sortkeys)
 * and dir pick the order; after / before a cursor the page.
 */
void
ct_page_list(struct req *r)
{
	static const char *const heads[] = { "number", "title",
	    "counterparty", "contract_date", "expiry_date", "amount",
	    "status", "updated" };
	struct filters		 fl;
	struct params		 p;
	struct db_rows		 rows;
	const struct sortkey	*sk;
	const struct db_stmt	*st;
	const char		*cur, *comma, *dir, *tag;
	char			 name[96], *val, *tags, *t, *save;
	int			 desc, back, more, nrows;
	size_t			 i, k, row, nl, nc, *ci;
	enum family		 fam;

	/*
	 * Without tag or custom field filters, the fields and the form's
	 * choices come with the page (FAM_UNION): one round trip.
	 */
	tag = app_in(r, KEY_FTAG);
	fam = (tag != NULL && *tag != '\0') || has_cf_params(r) ?
	    FAM_SLOTS : FAM_UNION;
	if (filters_take(r, &fl, fam == FAM_SLOTS) == -1) {
		filters_free(&fl);
		return;
	}
	if (fam == FAM_SLOTS && fl.ntags == 0 && fl.ncf == 0)
		fam = FAM_PLAIN;	/* e.g. only empty cf<id> values */
	sk = sortkey(app_in(r, KEY_SORT));
	dir = app_in(r, KEY_DIR);
	desc = dir != NULL && *dir != '\0' ? strcmp(dir, "desc") == 0 :
	    sk == &sortkeys[0];
	back = app_in(r, KEY_BEFORE) != NULL;
	cur = back ? app_in(r, KEY_BEFORE) : app_in(r, KEY_AFTER);
	comma = cur ? strchr(cur, ',') : NULL;
	if (cur != NULL && !cursor_value_ok(sk->type, comma + 1)) {
		filters_free(&fl);
		app_error_msg(r, 400, "contracts.bad_cursor");
		return;
	}
	/* Backwards is forwards in the other direction, then reversed. */
	st = sk->st[fam][desc != back];
	p.n = 0;
	ledger_bind(r, &fl, &p, fam == FAM_SLOTS);
	p_int(&p, cur != NULL);
	if (cur == NULL) {
		p_str(&p, NULL);
		p_str(&p, NULL);
		p_int(&p, 0);
	} else if (sk->type == KT_INT || sk->type == KT_AMOUNT) {
		long long v = 0;

		util_parse_int64(comma + 1, &v);
		p_int(&p, v);
		p_int(&p, v);
		p_int(&p, lead_id(cur));
	} else {
		p_str(&p, comma + 1);
		p_str(&p, comma + 1);
		p_int(&p, lead_id(cur));
	}
	if (fam == FAM_UNION)
		for (i = 0; i < 4; i++)		/* LEDGER_META's */
			p_int(&p, r->user.org_id);
	if (p.n > LEDGER_PARAMS || db_run(r, st, p.v, p.n, &rows) == -1) {
		filters_free(&fl);
		app_error(r, 503);
		return;
	}
	if (fam == FAM_UNION)
		take_fields(&fl, &rows);
	/* The page's rows, in the order read ('c'; others are meta). */
	ci = xcalloc(rows.nrows, sizeof(*ci));
	for (i = nc = 0; i < rows.nrows; i++)
		if (DB_CELL(&rows, i, COL_KIND)[0] == 'c')
			ci[nc++] = i;
	more = nc > PAGE_ROWS;
	nrows = (int)(more ? PAGE_ROWS : nc);

	/* The ledger's custom columns. */
	nl = 0;
	for (k = 0; k < fl.f.n; k++)
		if (fl.f.v[k].in_ledger) {
			snprintf(name, sizeof(name), "LCols.%zu", nl++);
			tmpl_set(r->tmpl, name, fl.f.v[k].name);
		}
	for (i = 0; i < (size_t)nrows; i++) {
		/* Backwards, the rows came last first. */
		row = ci[back ? (size_t)nrows - 1 - i : i];
		{
			static const struct { enum col c; const char *n; } cols[] = {
				{ COL_ID, "Id" }, { COL_NUMBER, "Number" },
				{ COL_TITLE, "Title" },
				{ COL_PARTY, "Counterparty" },
				{ COL_CDATE, "Date" },
				{ COL_XDATE, "Expiry" },
				{ COL_NOTICE, "NoticeBy" },
				{ COL_STATUS, "Status" },
				{ COL_CURRENCY, "Currency" },
				{ COL_UPDATED, "Updated" },
			};

			for (k = 0; k < NELEM(cols); k++) {
				snprintf(name, sizeof(name), "C.%zu.%s", i,
				    cols[k].n);
				tmpl_set(r->tmpl, name, DB_CELL(&rows, row,
				    cols[k].c));
			}
		}
		snprintf(name, sizeof(name), "C.%zu.Type", i);
		tmpl_set(r->tmpl, name, meta_name(fl.m, 't',
		    DB_CELL(&rows, row, COL_TYPE)));
		snprintf(name, sizeof(name), "C.%zu.StatusName", i);
		ct_set_label(r, name, "status", DB_CELL(&rows, row, COL_STATUS));
		snprintf(name, sizeof(name), "C.%zu.Amount", i);
		ct_set_amount(r, name, DB_CELL(&rows, row, COL_AMOUNT));
		if (DB_CELL(&rows, row, COL_TAGS) != NULL) {
			tags = xstrdup(DB_CELL(&rows, row, COL_TAGS));
			save = NULL;
			k = 0;
			for (t = strtok_r(tags, " ", &save); t != NULL;
			    t = strtok_r(NULL, " ", &save)) {
				snprintf(name, sizeof(name), "C.%zu.Tags.%zu",
				    i, k++);
				tmpl_set(r->tmpl, name, t);
			}
			free(tags);
		}
		nl = 0;
		for (k = 0; k < fl.f.n; k++) {
			if (!fl.f.v[k].in_ledger)
				continue;
			val = cf_value(DB_CELL(&rows, row, COL_CF),
			    fl.f.v[k].id);
			snprintf(name, sizeof(name), "C.%zu.CF.%zu", i, nl++);
			if (val != NULL && fl.f.v[k].kind == FIELDS_NUMBER)
				ct_set_amount(r, name, val);
			else
				tmpl_set(r->tmpl, name, val ? val : "");
			free(val);
		}
	}


	/* Links: the sort of each column, the pages around, the export. */
	for (k = 0; k < NELEM(heads); k++) {
		int	on = strcmp(sk->name, heads[k]) == 0;

		snprintf(name, sizeof(name), "Sort.%s.Href", heads[k]);
		set_href(r, name, &fl.query, "sort", heads[k], "dir",
		    on && !desc ? "desc" : "asc", NULL, NULL);
		if (on) {
			snprintf(name, sizeof(name), "Sort.%s.Dir", heads[k]);
			tmpl_set(r->tmpl, name, desc ? "desc" : "asc");
		}
	}
	if (nrows > 0) {
		struct buf	c = { NULL, 0, 0 };
		size_t		first = ci[back ? (size_t)nrows - 1 : 0];
		size_t		last = ci[back ? 0 : (size_t)nrows - 1];
		const char	*d = desc ? "desc" : "asc";

		/* Older pages exist after a forward step, or if more came back. */
		if ((back && more) || (!back && cur != NULL)) {
			buf_addf(&c, "%s,%s", DB_CELL(&rows, first, COL_ID),
			    DB_CELL(&rows, first, COL_KEY));
			set_href(r, "Pager.Prev", &fl.query, "sort", sk->name,
			    "dir", d, "before", c.data);
			buf_reset(&c);
		}
		if ((!back && more) || back) {
			buf_addf(&c, "%s,%s", DB_CELL(&rows, last, COL_ID),
			    DB_CELL(&rows, last, COL_KEY));
			set_href(r, "Pager.Next", &fl.query, "sort", sk->name,
			    "dir", d, "after", c.data);
		}
		buf_free(&c);
	}
	{
		struct buf	e = { NULL, 0, 0 };

		buf_adds(&e, "/contracts/export.csv");
		if (fl.query.len > 0) {
			buf_add(&e, "?", 1);
			buf_add(&e, fl.query.data, fl.query.len);
		}
		tmpl_set(r->tmpl, "Export.Href", e.data);
		buf_free(&e);
	}
	tmpl_set(r->tmpl, "Sort.Key", sk->name);
	tmpl_set(r->tmpl, "Sort.Dir", desc ? "desc" : "asc");
	tmpl_set_int(r->tmpl, "Count", nrows);
	if (tmpl_get(r->tmpl, "Pager.Prev") || tmpl_get(r->tmpl, "Pager.Next"))
		tmpl_set(r->tmpl, "Paged", "1");
	set_filter_form(r, &fl);	/* fl.m may be rows: free after */
	db_rows_free(&rows);
	free(ci);
	if (ct_can(r, PERM_CONTRACTS_EDIT))
		tmpl_set(r->tmpl, "CanEdit", "1");
	filters_free(&fl);
	app_page(r, 200, "contracts.cs", "contracts.title");
}


/*
 * GET /contracts/export.csv: every row of the ledger as the user sees
 * it (same visibility and filters: LEDGER_WHERE), every column and
 * custom field, for Excel: UTF-8 with a BOM, CRLF line ends, formula
 * cells neutralised.  Streamed: EXPORT_CHUNK rows at a time by id,
 * within one transaction so that every chunk reads the same snapshot,
 * each written out before the next is read.
 */
void
ct_page_export(struct req *r)
{
	static const char *const head[] = { "field.number", "field.title",
	    "field.type_id", "field.counterparty", "field.counterparty_dept",
	    "field.counterparty_contact", "field.department_id",
	    "field.owner_id", "field.amount", "field.currency",
	    "field.contract_date", "field.effective_date", "field.expiry_date",
	    "field.auto_renew", "field.renewal_months", "field.notice_days",
	    "contracts.notice_by", "contracts.status", "field.parent_id",
	    "field.tags" };
	const size_t		 nh = NELEM(head);
	struct filters		 fl;
	struct params		 p;
	struct db_rows		 rows;
	struct buf		 b = { NULL, 0, 0 };
	char			 key[64], *val;
	long long		 after = 0, total = 0;
	size_t			 i, k, base;
	int			 failed = 0;

	if (filters_take(r, &fl, 1) == -1) {
		filters_free(&fl);
		return;
	}
	p.n = 0;
	ledger_bind(r, &fl, &p, 1);
	base = p.n;
	if (db_begin(r) == -1) {
		filters_free(&fl);
		app_error(r, 503);
		return;
	}
	for (;;) {
		p.n = base;
		p_int(&p, after);
		if (db_run(r, &st_export, p.v, p.n, &rows) == -1) {
			failed = 1;
			break;
		}
		if (total == 0 && after == 0) {
			/* The first chunk read: now the answer can start. */
			http_header(r, "Content-Disposition", "attachment; "
			    "filename=\"keiyaku-contracts.csv\"; "
			    "filename*=UTF-8''%E5%A5%91%E7%B4%84%E5%8F%B0%E5%B8%B3.csv");
			http_stream_begin(r, 200, "text/csv; charset=utf-8");
			buf_adds(&b, "\xef\xbb\xbf");
			for (k = 0; k < nh; k++)
				util_csv_cell(&b, app_l(r, head[k]), 0);
			for (k = 0; k < fl.f.n; k++)
				util_csv_cell(&b, fl.f.v[k].name, 0);
			b.len--;	/* the last separator becomes CRLF */
			buf_adds(&b, "\r\n");
		}
		for (i = 0; i < rows.nrows; i++) {
			for (k = 0; k < 18; k++) {
				const char *v = DB_CELL(&rows, i, k);

				if (k == 17) {
					snprintf(key, sizeof(key), "status.%s",
					    v ? v : "");
					v = app_l(r, key);
				}
				util_csv_cell(&b, v, 0);
			}
			util_csv_cell(&b, DB_CELL(&rows, i, 18), 0);
			util_csv_cell(&b, DB_CELL(&rows, i, 19), fl.f.n == 0);
			for (k = 0; k < fl.f.n; k++) {
				val = cf_value(DB_CELL(&rows, i, 20),
				    fl.f.v[k].id);
				util_csv_cell(&b, val, k + 1 == fl.f.n);
				free(val);
			}
		}
		total += (long long)rows.nrows;
		if (rows.nrows > 0)
			after = util_num(DB_CELL(&rows, rows.nrows - 1, 21));
		k = rows.nrows;
		db_rows_free(&rows);
		if (http_stream_write(r, b.data, b.len) == -1) {
			log_info(r->rid, "ledger export: the client left");
			break;
		}
		buf_reset(&b);
		if (k < EXPORT_CHUNK)
			break;
	}
	db_rollback(r);		/* read only: nothing to keep */
	buf_free(&b);
	filters_free(&fl);
	if (failed && !r->responded) {
		app_error(r, 503);
		return;
	}
	if (failed)
		log_err(r->rid, "ledger export: cut short by a database error "
		    "after %lld rows", total);
	else
		log_info(r->rid, "ledger export: %lld contracts to user %lld",
		    total, r->user.user_id);
}
