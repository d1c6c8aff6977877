/*
 * The contract workflow: statuses and the moves between them, the
 * approval of a contract along an approval route, and comments.
 *
 *   draft ──submit──▶ review ──review_ok──▶ approval ──(last step)──▶ approved
 *     ▲                 │ ▲                   │ │                      │
 *     └──review_back────┘ └────send_back──────┘ │             executed ◀┘
 *     └──────────────────reject─────────────────┘   (signing: the
 *   executed ─▶ active ─▶ expired | terminated       signature issue)
 *   any status before executed ─▶ cancelled
 *
 * The contract page shows the panel (workflow_panel); the moves are
 * POSTs to cgi-bin/workflow.
 */
#ifndef KEIYAKU_WORKFLOW_H
#define KEIYAKU_WORKFLOW_H

struct req;

struct wf_contract {
	long long	 id;
	const char	*status;
	long long	 type_id;
	long long	 dept;
	long long	 owner;
	int		 can_edit;	/* the user may edit it */
};

/*
 * Users of the organisation who can see contract c (for mentions):
 * a statement taking c's department, owner and id after the
 * organisation.
 */
#define WF_SEES_CONTRACT \
    "(EXISTS (SELECT 1 FROM user_roles ur JOIN role_permissions rp " \
    "ON rp.role_id = ur.role_id JOIN permissions p ON p.id = " \
    "rp.permission_id WHERE ur.user_id = u.id AND p.code = " \
    "'contracts.view_all') OR u.department_id = ? OR u.id = ? OR EXISTS (" \
    "SELECT 1 FROM approval_assignments aa WHERE aa.organisation_id = " \
    "u.organisation_id AND aa.contract_id = ? AND aa.user_id = u.id))"

int	workflow_panel(struct req *, const struct wf_contract *);

#endif
