/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-process.c: start partner-desk-sandbox as a child and learn its URL and token. */

#include "config.h"

#define G_LOG_DOMAIN "pd-sandbox-process"

#include <signal.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <glib/gi18n.h>

#include "pd-sandbox-process.h"

#define TOKEN_PREFIX "PARTNER_DESK_TOKEN="
/* How long stop() lets the sandbox commit and exit before it is killed. */
#define STOP_TIMEOUT_MS 5000

struct _PdSandboxProcess
{
  GObject           parent_instance;

  GSubprocess      *subprocess;
  GDataInputStream *stdout_stream;
  GCancellable     *drain_cancellable;
  char             *base_url;
  char             *token;
};

G_DEFINE_FINAL_TYPE (PdSandboxProcess, pd_sandbox_process, G_TYPE_OBJECT)

static void
pd_sandbox_process_dispose (GObject *object)
{
  PdSandboxProcess *self = PD_SANDBOX_PROCESS (object);

  pd_sandbox_process_stop (self);

  G_OBJECT_CLASS (pd_sandbox_process_parent_class)->dispose (object);
}

static void
pd_sandbox_process_finalize (GObject *object)
{
  PdSandboxProcess *self = PD_SANDBOX_PROCESS (object);

  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->token, g_free);

  G_OBJECT_CLASS (pd_sandbox_process_parent_class)->finalize (object);
}

static void
pd_sandbox_process_class_init (PdSandboxProcessClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_sandbox_process_dispose;
  object_class->finalize = pd_sandbox_process_finalize;
}

static void
pd_sandbox_process_init (PdSandboxProcess *self)
{
}

/**
 * pd_sandbox_process_find_executable:
 *
 * Returns: (transfer full): $PARTNER_DESK_SANDBOX when set, else the installed one.
 */
char *
pd_sandbox_process_find_executable (void)
{
  const char *env = g_getenv ("PARTNER_DESK_SANDBOX");

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  return g_build_filename (LIBEXECDIR, "partner-desk-sandbox", NULL);
}

static void
child_setup (gpointer user_data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

static GSubprocess *
spawn_sandbox (const char * const  *argv_extra,
               GError             **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *executable = pd_sandbox_process_find_executable ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_auto(GStrv) argv = NULL;

  g_strv_builder_add (builder, executable);
  /* A free port every time, so parallel tests never collide. */
  g_strv_builder_add (builder, "--port");
  g_strv_builder_add (builder, "0");
  if (argv_extra != NULL)
    g_strv_builder_addv (builder, (const char **) argv_extra);
  argv = g_strv_builder_end (builder);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  /* A crashed test or app must not leave a server behind. */
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  /* A real Partner Center token handed to the app (--endpoint) is none of the sandbox's
   * business: it makes its own. */
  g_subprocess_launcher_unsetenv (launcher, "PARTNER_DESK_TOKEN");
  /* stderr stays inherited so the sandbox's log shows up in test output. */
  return g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, error);
}

/* Checks the two announced lines; takes ownership of nothing. */
static gboolean
parse_announcement (PdSandboxProcess  *self,
                    const char        *url_line,
                    const char        *token_line,
                    GError           **error)
{
  if (url_line == NULL || token_line == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The sandbox server stopped before it reported its address."));
      return FALSE;
    }

  if (!g_str_has_prefix (url_line, "http://") && !g_str_has_prefix (url_line, "https://"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The sandbox server reported an address that is not a URL: “%s”."),
                   url_line);
      return FALSE;
    }

  if (!g_str_has_prefix (token_line, TOKEN_PREFIX))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The sandbox server did not report its access token."));
      return FALSE;
    }

  self->base_url = g_strchomp (g_strdup (url_line));
  self->token = g_strchomp (g_strdup (token_line + strlen (TOKEN_PREFIX)));
  return TRUE;
}

/* Holds the stream, not the process: a pending read must not keep the process alive. */
typedef struct
{
  GInputStream *stream;
  GCancellable *cancellable;
} DrainData;

static void
drain_data_free (DrainData *data)
{
  g_clear_object (&data->stream);
  g_clear_object (&data->cancellable);
  g_free (data);
}

static void drain_next (DrainData *data);

static void
drain_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  DrainData *data = user_data;
  gssize skipped;

  skipped = g_input_stream_skip_finish (G_INPUT_STREAM (source), result, NULL);
  if (skipped > 0 && !g_cancellable_is_cancelled (data->cancellable))
    drain_next (data);
  else
    drain_data_free (data);
}

static void
drain_next (DrainData *data)
{
  g_input_stream_skip_async (data->stream, 64 * 1024, G_PRIORITY_LOW, data->cancellable,
                             drain_cb, data);
}

/* Whatever else the sandbox prints must be read, or a full pipe would block it. */
static void
start_draining (PdSandboxProcess *self)
{
  DrainData *data = g_new0 (DrainData, 1);

  self->drain_cancellable = g_cancellable_new ();
  data->stream = g_object_ref (G_INPUT_STREAM (self->stdout_stream));
  data->cancellable = g_object_ref (self->drain_cancellable);
  drain_next (data);
}

typedef struct
{
  PdSandboxProcess *process;
  char             *url_line;
} StartData;

static void
start_data_free (StartData *data)
{
  g_clear_object (&data->process);
  g_clear_pointer (&data->url_line, g_free);
  g_free (data);
}

static void
read_token_line_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StartData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                    NULL, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!parse_announcement (data->process, data->url_line, line, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  start_draining (data->process);
  g_task_return_pointer (task, g_object_ref (data->process), g_object_unref);
}

static void
read_url_line_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StartData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  data->url_line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source),
                                                              result, NULL, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (data->url_line == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s",
                               _("The sandbox server stopped before it reported its address."));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  g_data_input_stream_read_line_async (G_DATA_INPUT_STREAM (source), G_PRIORITY_DEFAULT,
                                       cancellable, read_token_line_cb,
                                       g_steal_pointer (&task));
}

/**
 * pd_sandbox_process_start_async:
 * @argv_extra: (nullable) (array zero-terminated=1): more arguments for the sandbox
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the sandbox reported its address and token
 * @user_data: data for @callback
 */
void
pd_sandbox_process_start_async (const char * const  *argv_extra,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  StartData *data;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_sandbox_process_start_async);

  data = g_new0 (StartData, 1);
  data->process = g_object_new (PD_TYPE_SANDBOX_PROCESS, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) start_data_free);

  data->process->subprocess = spawn_sandbox (argv_extra, &error);
  if (data->process->subprocess == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->process->stdout_stream =
    g_data_input_stream_new (g_subprocess_get_stdout_pipe (data->process->subprocess));

  g_data_input_stream_read_line_async (data->process->stdout_stream, G_PRIORITY_DEFAULT,
                                       cancellable, read_url_line_cb, g_steal_pointer (&task));
}

/**
 * pd_sandbox_process_start_finish:
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Returns: (transfer full): the running sandbox, or %NULL with @error set.
 */
PdSandboxProcess *
pd_sandbox_process_start_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pd_sandbox_process_start_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * pd_sandbox_process_start_sync:
 * @argv_extra: (nullable) (array zero-terminated=1): more arguments for the sandbox
 * @error: return location for an error
 *
 * Blocks until the sandbox reported its address (for tests and the benchmark).
 *
 * Returns: (transfer full): the running sandbox, or %NULL with @error set.
 */
PdSandboxProcess *
pd_sandbox_process_start_sync (const char * const  *argv_extra,
                               GError             **error)
{
  g_autoptr(PdSandboxProcess) self = NULL;
  g_autofree char *url_line = NULL;
  g_autofree char *token_line = NULL;

  self = g_object_new (PD_TYPE_SANDBOX_PROCESS, NULL);

  self->subprocess = spawn_sandbox (argv_extra, error);
  if (self->subprocess == NULL)
    return NULL;

  self->stdout_stream =
    g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->subprocess));

  /* Plain blocking reads: no main context to disturb. */
  url_line = g_data_input_stream_read_line_utf8 (self->stdout_stream, NULL, NULL, error);
  if (url_line == NULL && error != NULL && *error != NULL)
    return NULL;
  if (url_line != NULL)
    {
      token_line = g_data_input_stream_read_line_utf8 (self->stdout_stream, NULL, NULL, error);
      if (token_line == NULL && error != NULL && *error != NULL)
        return NULL;
    }

  if (!parse_announcement (self, url_line, token_line, error))
    return NULL;

  start_draining (self);
  return g_steal_pointer (&self);
}

const char *
pd_sandbox_process_get_base_url (PdSandboxProcess *self)
{
  g_return_val_if_fail (PD_IS_SANDBOX_PROCESS (self), NULL);

  return self->base_url;
}

const char *
pd_sandbox_process_get_token (PdSandboxProcess *self)
{
  g_return_val_if_fail (PD_IS_SANDBOX_PROCESS (self), NULL);

  return self->token;
}

const char *
pd_sandbox_process_get_identifier (PdSandboxProcess *self)
{
  g_return_val_if_fail (PD_IS_SANDBOX_PROCESS (self), NULL);

  return self->subprocess != NULL ? g_subprocess_get_identifier (self->subprocess) : NULL;
}

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Waits for the child on a private context, so callers' main loops are not run. */
static gboolean
wait_with_timeout (GSubprocess *subprocess,
                   guint        timeout_ms)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSource) timeout = NULL;
  gboolean done = FALSE;
  gboolean timed_out = FALSE;

  g_main_context_push_thread_default (context);

  g_subprocess_wait_async (subprocess, NULL, wait_cb, &done);

  timeout = g_timeout_source_new (timeout_ms);
  g_source_set_callback (timeout, timeout_cb, &timed_out, NULL);
  g_source_attach (timeout, context);

  while (!done && !timed_out)
    g_main_context_iteration (context, TRUE);

  g_source_destroy (timeout);

  /* The wait's callback points into this frame: let it run before returning. */
  if (!done)
    {
      g_subprocess_force_exit (subprocess);
      while (!done)
        g_main_context_iteration (context, TRUE);
    }

  g_main_context_pop_thread_default (context);

  return !timed_out;
}

/**
 * pd_sandbox_process_stop:
 * @self: a #PdSandboxProcess
 *
 * Sends SIGTERM and waits for the sandbox to exit (killing it after a few seconds).
 */
void
pd_sandbox_process_stop (PdSandboxProcess *self)
{
  g_return_if_fail (PD_IS_SANDBOX_PROCESS (self));

  if (self->drain_cancellable != NULL)
    g_cancellable_cancel (self->drain_cancellable);
  g_clear_object (&self->drain_cancellable);

  if (self->subprocess != NULL)
    {
      if (g_subprocess_get_identifier (self->subprocess) != NULL)
        {
          g_subprocess_send_signal (self->subprocess, SIGTERM);
          if (!wait_with_timeout (self->subprocess, STOP_TIMEOUT_MS))
            g_warning ("The sandbox did not exit on SIGTERM and was killed");
        }
      g_clear_object (&self->subprocess);
    }

  g_clear_object (&self->stdout_stream);
}
