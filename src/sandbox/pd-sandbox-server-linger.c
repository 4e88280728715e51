/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-server-linger.c: refusing a request before its body: answer, then drain and close. */

#include "config.h"

#define G_LOG_DOMAIN "pd-sandbox-server"

#include "pd-sandbox-server-private.h"

/* After refusing a request early, what of its body is read and thrown away, so the client
 * sees the answer rather than a reset (lingering close, as web servers do). */
#define LINGER_MAX_BYTES (16 * 1024 * 1024)
#define LINGER_TIMEOUT_S 2

/* A connection taken from libsoup to answer before the body: written, then drained. */
typedef struct
{
  PdSandboxServer *self;         /* NULL once the server is gone */
  GIOStream       *stream;
  GBytes          *answer;
  GCancellable    *cancellable;
  guint            timeout_id;
  gsize            drained;
  guint8           buffer[16384];
} Linger;

static void
linger_free (Linger *linger)
{
  if (linger->self != NULL)
    linger->self->lingering = g_list_remove (linger->self->lingering, linger);
  g_clear_handle_id (&linger->timeout_id, g_source_remove);
  g_io_stream_close (linger->stream, NULL, NULL);
  g_clear_object (&linger->stream);
  g_clear_object (&linger->cancellable);
  g_clear_pointer (&linger->answer, g_bytes_unref);
  g_free (linger);
}

static gboolean
linger_timeout_cb (gpointer user_data)
{
  Linger *linger = user_data;

  linger->timeout_id = 0;
  g_cancellable_cancel (linger->cancellable);
  return G_SOURCE_REMOVE;
}

static void
linger_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Linger *linger = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  linger->drained += MAX (n, 0);
  if (n <= 0 || linger->drained > LINGER_MAX_BYTES)
    {
      linger_free (linger);
      return;
    }
  g_input_stream_read_async (G_INPUT_STREAM (source), linger->buffer, sizeof linger->buffer,
                             G_PRIORITY_LOW, linger->cancellable, linger_read_cb, linger);
}

static void
linger_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Linger *linger = user_data;
  GSocket *socket = g_object_get_data (G_OBJECT (linger->stream), "GSocket");

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL))
    {
      linger_free (linger);
      return;
    }

  /* The answer is out; what the client still sends is read and dropped for a while, since
   * closing with unread data makes the kernel send a reset that can destroy the answer. */
  if (socket != NULL)
    g_socket_shutdown (socket, FALSE, TRUE, NULL);
  g_input_stream_read_async (g_io_stream_get_input_stream (linger->stream), linger->buffer,
                             sizeof linger->buffer, G_PRIORITY_LOW, linger->cancellable,
                             linger_read_cb, linger);
}

/* Sends the answer already set on @msg and closes the connection, without reading the
 * body: libsoup 3.2 would read all of it first (into memory) and only then answer. */
void
pd_sandbox_server_answer_and_close (PdSandboxServer   *self,
                                    SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  g_autoptr(GBytes) content = soup_message_body_flatten (body);
  guint status = soup_server_message_get_status (msg);
  GString *out = g_string_new (NULL);
  SoupMessageHeadersIter iter;
  const char *name;
  const char *value;
  GIOStream *stream;
  Linger *linger;

  soup_message_headers_replace (headers, "Connection", "close");
  soup_message_headers_set_content_length (headers, g_bytes_get_size (content));
  g_string_append_printf (out, "HTTP/1.1 %u %s\r\n", status, soup_status_get_phrase (status));
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    g_string_append_printf (out, "%s: %s\r\n", name, value);
  g_string_append (out, "\r\n");
  g_string_append_len (out, g_bytes_get_data (content, NULL), g_bytes_get_size (content));

  /* May free @msg: nothing of it is used after this. */
  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    {
      g_string_free (out, TRUE);
      return;
    }

  linger = g_new0 (Linger, 1);
  linger->self = self;
  linger->stream = stream;
  linger->answer = g_string_free_to_bytes (out);
  linger->cancellable = g_cancellable_new ();
  linger->timeout_id = g_timeout_add_seconds (LINGER_TIMEOUT_S, linger_timeout_cb, linger);
  self->lingering = g_list_prepend (self->lingering, linger);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (stream),
                                   g_bytes_get_data (linger->answer, NULL),
                                   g_bytes_get_size (linger->answer), G_PRIORITY_DEFAULT,
                                   linger->cancellable, linger_written_cb, linger);
}

void
pd_sandbox_server_release_lingering (PdSandboxServer *self)
{
  for (GList *l = self->lingering; l != NULL; l = l->next)
    {
      Linger *linger = l->data;

      linger->self = NULL;
      g_cancellable_cancel (linger->cancellable);
    }
  g_clear_pointer (&self->lingering, g_list_free);
}
