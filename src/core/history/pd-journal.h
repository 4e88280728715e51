/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-journal.h: the local journal of submits made from this computer, per connection. */
#pragma once

#include <gio/gio.h>

#include "pd-audit-record.h"
#include "pd-client.h"

G_BEGIN_DECLS

/* How long entries are kept. */
#define PD_JOURNAL_KEEP_DAYS 365

#define PD_TYPE_JOURNAL (pd_journal_get_type ())

G_DECLARE_FINAL_TYPE (PdJournal, pd_journal, PD, JOURNAL, GObject)

/* The journal in @directory (created 0700; the file 0600). Nothing is read or written on
 * the calling thread: one worker thread does it all, in the order asked. */
PdJournal *pd_journal_new               (const char          *directory);
/* The journal of @client's connection, shared by everyone who asks while it lives: under
 * the user's cache directory, partner-desk/<pd_journal_dup_key_for_client()>/.
 * Returns: (transfer full) */
PdJournal *pd_journal_dup_for_client    (PdClient            *client);
/* Names the connection without saying it: a hash of cloud, API URL, tenant and account;
 * "demo" for the local sandbox. Returns: (transfer full) */
char      *pd_journal_dup_key_for_client (PdClient           *client);
/* Returns: (nullable): the signed-in account's sign-in name, as the activity log names
 * people; NULL without a signed-in account (demo data, a given token). */
const char *pd_journal_get_account_for_client (PdClient      *client);

const char *pd_journal_get_path         (PdJournal           *self);

/* Adds @record (a local one), then forgets entries older than PD_JOURNAL_KEEP_DAYS. */
void       pd_journal_add               (PdJournal           *self,
                                         PdAuditRecord       *record);
/* @customer_id's entries, newest first (after every add asked before). */
void       pd_journal_list_async        (PdJournal           *self,
                                         const char          *customer_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/* Returns: (transfer full) (element-type PdAuditRecord) */
GPtrArray *pd_journal_list_finish       (PdJournal           *self,
                                         GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
