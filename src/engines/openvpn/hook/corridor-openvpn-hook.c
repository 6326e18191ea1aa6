/*
 * corridor-openvpn-hook: OpenVPN's auth-user-pass-verify, client-connect and client-disconnect hook.
 *
 * OpenVPN applies a deferred decision (management-client-auth, or a script exiting 2) only at the client's
 * next wakeup, about a second later; a hook that answers while OpenVPN waits lets the server push at once.
 * This program is that hook: it forwards the script environment to the Corridor daemon over a unix socket
 * in the server's 0700 run directory and turns the answer into OpenVPN's exit code. It decides nothing.
 *
 *   server.conf:  auth-user-pass-verify "/path/corridor-openvpn-hook /run/dir/hook.sock" via-file
 *                 client-connect "/path/corridor-openvpn-hook /run/dir/hook.sock"
 *                 client-disconnect "/path/corridor-openvpn-hook /run/dir/hook.sock"
 *   argv:         SOCKET [FILE]   FILE = the via-file credentials (user-pass-verify) or the
 *                                 config file to fill (client-connect); OpenVPN appends it
 *
 * Request:  NUL-terminated "key=value" entries: OpenVPN's environment, plus "password=..." read from the
 *           via-file; then the hook half-closes the socket.
 * Reply:    a first line "OK" or "DENY", then a body: for DENY the reason shown to the client, for an
 *           allowed client-connect the per-client config lines.
 * Exit:     0 allowed, 1 refused, 2 deferred.
 *
 * When the daemon cannot be reached (restarting) or does not answer within ANSWER_TIMEOUT_S, the hook
 * defers (exit 2) and a detached child keeps asking for up to DEFER_LIMIT_S, then writes OpenVPN's
 * control files (auth_control_file, or client_connect_config_file + client_connect_deferred_file), so
 * the client is served as soon as the daemon is back instead of waiting a minute. A disconnect that
 * cannot be delivered is dropped: the daemon reconciles from `status` when it attaches.
 *
 * The password is never written anywhere except the socket; nothing is printed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define ANSWER_TIMEOUT_S 10
#define DEFER_LIMIT_S 50 /* below OpenVPN's default hand-window (60 s) */
#define RETRY_MS 200
#define MAX_FILE 4096
#define MAX_REPLY (64 * 1024)

extern char **environ;

struct buf {
  char *data;
  size_t len, cap;
};

static void put(struct buf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (b->len + n + 1 > cap) cap *= 2;
    char *d = realloc(b->data, cap);
    if (!d) exit(1);
    b->data = d;
    b->cap = cap;
  }
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

static void put_entry(struct buf *b, const char *key, const char *value, size_t vlen) {
  put(b, key, strlen(key));
  put(b, "=", 1);
  put(b, value, vlen);
  put(b, "", 1); /* the NUL terminator is part of the entry */
}

/* The via-file holds the username and the password, one per line. */
static int add_password(struct buf *req, const char *path) {
  char text[MAX_FILE + 1];
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t n = read(fd, text, MAX_FILE);
  close(fd);
  if (n < 0) return -1;
  text[n] = '\0';
  char *nl = strchr(text, '\n');
  if (!nl) return -1;
  char *pw = nl + 1;
  size_t len = strcspn(pw, "\n");
  put_entry(req, "password", pw, len);
  explicit_bzero(text, sizeof text);
  return 0;
}

static int write_file(const char *path, const char *data, size_t len) {
  if (!path || !*path) return -1;
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return -1;
  size_t off = 0;
  while (off < len) {
    ssize_t w = write(fd, data + off, len - off);
    if (w < 0) {
      if (errno == EINTR) continue;
      close(fd);
      return -1;
    }
    off += (size_t)w;
  }
  return close(fd);
}

enum answer { ALLOW, DENY, UNREACHABLE };

/* One request/answer exchange. On ALLOW/DENY, *body holds the text after the first line. */
static enum answer ask(const char *socket_path, const struct buf *req, struct buf *reply, const char **body) {
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  if (strlen(socket_path) >= sizeof addr.sun_path) return UNREACHABLE;
  strcpy(addr.sun_path, socket_path);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return UNREACHABLE;
  struct timeval tv = {.tv_sec = ANSWER_TIMEOUT_S};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) goto fail;
  size_t off = 0;
  while (off < req->len) {
    ssize_t w = send(fd, req->data + off, req->len - off, MSG_NOSIGNAL);
    if (w < 0) {
      if (errno == EINTR) continue;
      goto fail;
    }
    off += (size_t)w;
  }
  shutdown(fd, SHUT_WR);
  reply->len = 0;
  char chunk[4096];
  for (;;) {
    ssize_t n = recv(fd, chunk, sizeof chunk, 0);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      goto fail;
    }
    if (reply->len + (size_t)n > MAX_REPLY) goto fail;
    put(reply, chunk, (size_t)n);
  }
  close(fd);
  if (!reply->data) return UNREACHABLE;
  char *nl = strchr(reply->data, '\n');
  *body = nl ? nl + 1 : reply->data + reply->len;
  if (strncmp(reply->data, "OK\n", 3) == 0 || strcmp(reply->data, "OK") == 0) return ALLOW;
  if (strncmp(reply->data, "DENY", 4) == 0) return DENY;
  return UNREACHABLE;
fail:
  close(fd);
  return UNREACHABLE;
}

static int is_connect(const char *type) { return strcmp(type, "client-connect") == 0; }

/* What OpenVPN needs to see once the decision is known. */
static int apply(const char *type, const char *config_path, enum answer a, const char *body, int deferred) {
  if (strcmp(type, "user-pass-verify") == 0) {
    if (a == DENY) write_file(getenv("auth_failed_reason_file"), body, strlen(body));
    if (deferred) write_file(getenv("auth_control_file"), a == ALLOW ? "1" : "0", 1);
  } else if (is_connect(type)) {
    if (a == ALLOW && write_file(config_path, body, strlen(body)) < 0) a = DENY;
    if (deferred) write_file(getenv("client_connect_deferred_file"), a == ALLOW ? "1" : "0", 1);
  }
  return a == ALLOW ? 0 : 1;
}

static void defer(const char *type, const char *socket_path, const char *config_path, const struct buf *req) {
  pid_t pid = fork();
  if (pid != 0) return; /* the parent (or a failed fork) exits 2; OpenVPN then times the client out */
  setsid();
  int null = open("/dev/null", O_RDWR);
  if (null >= 0) {
    dup2(null, 0);
    dup2(null, 1);
    dup2(null, 2);
    if (null > 2) close(null);
  }
  struct buf reply = {0};
  const char *body = "";
  struct timespec start, now, pause = {.tv_sec = 0, .tv_nsec = RETRY_MS * 1000000L};
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (;;) {
    enum answer a = ask(socket_path, req, &reply, &body);
    if (a != UNREACHABLE) _exit(apply(type, config_path, a, body, 1));
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (now.tv_sec - start.tv_sec >= DEFER_LIMIT_S) break;
    nanosleep(&pause, NULL);
  }
  apply(type, config_path, DENY, "authentication service unavailable", 1);
  _exit(1);
}

int main(int argc, char **argv) {
  if (argc < 2) return 1;
  const char *socket_path = argv[1];
  const char *file = argc > 2 ? argv[2] : NULL;
  const char *type = getenv("script_type");
  if (!type) return 1;

  struct buf req = {0};
  for (char **e = environ; *e; e++) {
    if (strncmp(*e, "password=", 9) == 0) continue; /* only ever taken from the via-file */
    put(&req, *e, strlen(*e) + 1);
  }
  if (strcmp(type, "user-pass-verify") == 0 && (!file || add_password(&req, file) < 0)) return 1;

  /* a deferred client-connect must fill client_connect_config_file; a direct one the file in argv */
  const char *config_path = file;
  struct buf reply = {0};
  const char *body = "";
  enum answer a = ask(socket_path, &req, &reply, &body);
  if (a != UNREACHABLE) return apply(type, config_path, a, body, 0);

  if (strcmp(type, "user-pass-verify") == 0 && getenv("auth_control_file")) {
    defer(type, socket_path, config_path, &req);
    return 2;
  }
  if (is_connect(type) && getenv("client_connect_deferred_file")) {
    const char *deferred_config = getenv("client_connect_config_file");
    defer(type, socket_path, deferred_config ? deferred_config : config_path, &req);
    return 2;
  }
  return strcmp(type, "client-disconnect") == 0 ? 0 : 1;
}
