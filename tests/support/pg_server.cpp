#include "tests/support/pg_server.hpp"

#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include "core/util/hash.hpp"

namespace sse::testing {

namespace {

/// The OS user the cluster runs as: `postgres` when we are root, else ourselves (nullopt).
struct RunUser {
  uid_t uid = 0;
  gid_t gid = 0;
  std::string name;
};

Result<std::optional<RunUser>> ClusterUser() {
  if (::geteuid() != 0) return std::optional<RunUser>{};
  struct passwd* pw = ::getpwnam("postgres");
  if (!pw) {
    return Error(ErrorCode::kNotFound,
                 "the tests run as root and there is no `postgres` OS user to run the cluster as "
                 "(initdb and postgres refuse to run as root)");
  }
  return std::optional<RunUser>(RunUser{pw->pw_uid, pw->pw_gid, pw->pw_name});
}

std::string Trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

/// Output of a command (stdout), or "" when it cannot be run.
std::string CommandOutput(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[512];
  while (size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  ::pclose(p);
  return Trimmed(out);
}

bool IsExecutable(const fs::path& p) {
  return ::access(p.c_str(), X_OK) == 0 && fs::is_regular_file(p);
}

/// The folder holding initdb and postgres: PATH, `pg_config --bindir`, the Debian location.
Result<fs::path> FindBinDir() {
  std::vector<fs::path> candidates;
  if (const char* path = std::getenv("PATH")) {
    std::stringstream ss(path);
    std::string part;
    while (std::getline(ss, part, ':')) {
      if (part.empty()) continue;
      fs::path initdb = fs::path(part) / "initdb";
      if (IsExecutable(initdb)) {
        std::error_code ec;
        fs::path real = fs::canonical(initdb, ec);
        candidates.push_back(ec ? fs::path(part) : real.parent_path());
      }
    }
  }
  std::string pg_config = CommandOutput("pg_config --bindir 2>/dev/null");
  if (!pg_config.empty()) candidates.emplace_back(pg_config);
  candidates.emplace_back("/usr/lib/postgresql/15/bin");
  std::vector<std::string> tried;
  for (const fs::path& dir : candidates) {
    if (IsExecutable(dir / "initdb") && IsExecutable(dir / "postgres")) return dir;
    tried.push_back(dir.string());
  }
  std::string list;
  for (const std::string& t : tried) list += (list.empty() ? "" : ", ") + t;
  return Error(ErrorCode::kNotFound,
               fmt::format("no PostgreSQL server binaries (initdb and postgres) found on PATH, in "
                           "`pg_config --bindir` or in /usr/lib/postgresql/15/bin (looked in: {}); "
                           "install postgresql-15 (.ci/setup does)",
                           list));
}

/// A TCP port nobody listens on now (the socket is only a name in our own folder, so a clash
/// cannot happen; a free number keeps the server's lock file names unique too).
int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 54321;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  int port = 54321;
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

/// Forks and execs argv as `user` (when set), stdout and stderr appended to `log`. With
/// `die_with_parent`, the child gets SIGQUIT (PostgreSQL's immediate shutdown) if this process
/// dies, so a crashed test binary leaves no server behind.
Result<pid_t> Spawn(const std::vector<std::string>& argv, const std::optional<RunUser>& user,
                    const fs::path& log, bool die_with_parent) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::string log_path = log.string();
  pid_t pid = ::fork();
  if (pid < 0) return Error(ErrorCode::kIo, fmt::format("fork failed: {}", std::strerror(errno)));
  if (pid == 0) {
    if (user) {
      if (::setgroups(0, nullptr) != 0 || ::setgid(user->gid) != 0 || ::setuid(user->uid) != 0)
        _exit(126);
    }
    if (die_with_parent) ::prctl(PR_SET_PDEATHSIG, SIGQUIT);
    int in = ::open("/dev/null", O_RDONLY);
    int out = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (in >= 0) ::dup2(in, 0);
    if (out >= 0) {
      ::dup2(out, 1);
      ::dup2(out, 2);
    }
    ::setsid();
    ::execv(args[0], args.data());
    _exit(127);
  }
  return pid;
}

/// Runs argv to completion; an Error with the log's tail when it fails.
Status Run(const std::vector<std::string>& argv, const std::optional<RunUser>& user,
           const fs::path& log) {
  SSE_TRY(pid_t pid, Spawn(argv, user, log, false));
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {};
  std::string tail;
  if (auto bytes = ReadFileBytes(log); bytes.ok()) {
    tail = bytes.value().size() > 2000 ? bytes.value().substr(bytes.value().size() - 2000)
                                       : bytes.value();
  }
  std::string why = WIFEXITED(status)
                        ? fmt::format("exit status {}", WEXITSTATUS(status))
                        : fmt::format("signal {}", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 126)
    why += " (could not switch to the postgres user)";
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127) why += " (could not execute)";
  return Error(ErrorCode::kIo, fmt::format("`{}` failed ({}): {}", argv[0], why, Trimmed(tail)));
}

Status Chown(const fs::path& p, const std::optional<RunUser>& user) {
  if (!user) return {};
  if (::chown(p.c_str(), user->uid, user->gid) != 0) {
    return Error(ErrorCode::kIo, fmt::format("chown {}: {}", p.string(), std::strerror(errno)));
  }
  return {};
}

/// A prepared cluster (initdb output) for this server binary, made once and shared by every
/// test process; nullopt when the cache cannot be used (the caller runs initdb itself).
std::optional<fs::path> CachedInitdb(const fs::path& bin_dir, const std::optional<RunUser>& user) {
  std::error_code ec;
  fs::path initdb = bin_dir / "initdb";
  auto mtime = fs::last_write_time(fs::canonical(initdb, ec), ec);
  if (ec) return std::nullopt;
  std::string key_text =
      fmt::format("{}|{}|{}|C|UTF8|trust|v1", fs::canonical(initdb, ec).string(),
                  fs::file_size(fs::canonical(initdb, ec), ec), mtime.time_since_epoch().count());
  std::string key = HexLower(Sha256(key_text)).substr(0, 16);
  fs::path root = fs::temp_directory_path(ec) / fmt::format("sse-pg-initdb-{}", ::geteuid());
  if (ec) return std::nullopt;
  fs::path ready = root / key;
  if (fs::exists(ready / "data" / "PG_VERSION", ec) && fs::exists(ready / "complete", ec))
    return ready / "data";
  fs::create_directories(root, ec);
  if (ec) return std::nullopt;
  std::string tmpl = (root / "tmp-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) return std::nullopt;
  fs::path tmp = tmpl;
  if (!Chown(root, user).ok() || !Chown(tmp, user).ok()) {
    fs::remove_all(tmp, ec);
    return std::nullopt;
  }
  Status st = Run({initdb.string(), "-D", (tmp / "data").string(), "-A", "trust", "-U", "postgres",
                   "--no-sync", "-E", "UTF8", "--locale=C", "--no-instructions"},
                  user, tmp / "initdb.log");
  if (!st.ok()) {
    fs::remove_all(tmp, ec);
    return std::nullopt;
  }
  std::ofstream(tmp / "complete") << key_text << "\n";
  fs::rename(tmp, ready, ec);
  if (ec) fs::remove_all(tmp, ec);  // another process made it first
  if (fs::exists(ready / "complete", ec)) return ready / "data";
  return std::nullopt;
}

/// Removes the folders of earlier test servers that died without cleaning up (a crashed or
/// killed test binary): `sse-pg-*` folders of ours, older than ten minutes, whose postmaster is
/// not running.
void RemoveStaleServers() {
  std::error_code ec;
  fs::path tmp = fs::temp_directory_path(ec);
  if (ec) return;
  auto user = ClusterUser();
  uid_t owner = user.ok() && user.value() ? user.value()->uid : ::geteuid();
  auto now = fs::file_time_type::clock::now();
  for (const fs::directory_entry& e : fs::directory_iterator(tmp, ec)) {
    std::string name = e.path().filename().string();
    if (name.rfind("sse-pg-", 0) != 0 || name.rfind("sse-pg-initdb-", 0) == 0 ||
        !e.is_directory(ec))
      continue;
    struct stat st {};
    if (::stat(e.path().c_str(), &st) != 0 || st.st_uid != owner) continue;
    auto mtime = fs::last_write_time(e.path(), ec);
    if (ec || now - mtime < std::chrono::minutes(10)) continue;
    std::ifstream pid_file(e.path() / "data" / "postmaster.pid");
    long pid = 0;
    if (pid_file >> pid && pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM))
      continue;
    fs::remove_all(e.path(), ec);
  }
}

std::unique_ptr<PgServer>& Instance() {
  static std::unique_ptr<PgServer> server;
  return server;
}

std::mutex& InstanceMutex() {
  static std::mutex mu;
  return mu;
}

std::optional<Error>& StartError() {
  static std::optional<Error> error;
  return error;
}

/// Runs one SQL command on the server's `postgres` database.
Status Exec(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string why = Trimmed(PQerrorMessage(conn));
    PQfinish(conn);
    return Error(ErrorCode::kConnection, "cannot connect to the test server: " + why);
  }
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  PGresult* r = PQexec(conn, sql.c_str());
  Status st;
  if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {
    st = Error(ErrorCode::kQuery, fmt::format("{}: {}", sql, Trimmed(PQresultErrorMessage(r))));
  }
  PQclear(r);
  PQfinish(conn);
  return st;
}

class PgEnvironment : public ::testing::Environment {
 public:
  void TearDown() override { PgServer::Shutdown(); }
};

[[maybe_unused]] ::testing::Environment* const kPgEnvironment =
    ::testing::AddGlobalTestEnvironment(new PgEnvironment);

}  // namespace

Result<PgServer*> PgServer::Get() {
  std::lock_guard<std::mutex> lock(InstanceMutex());
  if (Instance()) return Instance().get();
  if (StartError()) return *StartError();
  std::unique_ptr<PgServer> server(new PgServer());
  Status st = server->Start();
  if (!st.ok()) {
    StartError() = st.error();
    return st.error();
  }
  Instance() = std::move(server);
  return Instance().get();
}

void PgServer::Shutdown() {
  std::lock_guard<std::mutex> lock(InstanceMutex());
  Instance().reset();
}

PgServer::~PgServer() { Stop(); }

Status PgServer::Start() {
  SSE_TRY(bin_dir_, FindBinDir());
  SSE_TRY(std::optional<RunUser> user, ClusterUser());
  std::string version =
      CommandOutput(fmt::format("'{}' --version 2>/dev/null", (bin_dir_ / "postgres").string()));
  // "postgres (PostgreSQL) 15.18 (Debian ...)": the major version.
  size_t paren = version.find(") ");
  if (paren != std::string::npos) {
    version_ = version.substr(paren + 2);
    version_ = version_.substr(0, version_.find_first_of(". "));
  }
  if (version_ != "15") {
    return Error(ErrorCode::kUnsupported,
                 fmt::format("the PostgreSQL server in {} is `{}`; the tests need PostgreSQL 15",
                             bin_dir_.string(), version));
  }

  RemoveStaleServers();
  std::error_code ec;
  std::string tmpl = (fs::temp_directory_path(ec) / "sse-pg-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) {
    return Error(ErrorCode::kIo, fmt::format("mkdtemp {}: {}", tmpl, std::strerror(errno)));
  }
  dir_ = tmpl;
  SSE_TRY_STATUS(Chown(dir_, user));
  fs::path data = dir_ / "data";
  fs::path log = dir_ / "server.log";

  if (std::optional<fs::path> cached = CachedInitdb(bin_dir_, user)) {
    SSE_TRY_STATUS(
        Run({"/bin/cp", "-a", cached->string(), data.string()}, user, dir_ / "copy.log"));
  } else {
    SSE_TRY_STATUS(Run({(bin_dir_ / "initdb").string(), "-D", data.string(), "-A", "trust", "-U",
                        "postgres", "--no-sync", "-E", "UTF8", "--locale=C", "--no-instructions"},
                       user, dir_ / "initdb.log"));
  }

  port_ = FreePort();
  std::vector<std::string> argv = {(bin_dir_ / "postgres").string(),
                                   "-D",
                                   data.string(),
                                   "-p",
                                   std::to_string(port_),
                                   "-k",
                                   dir_.string(),
                                   "-c",
                                   "listen_addresses=",
                                   "-c",
                                   "fsync=off",
                                   "-c",
                                   "synchronous_commit=off",
                                   "-c",
                                   "full_page_writes=off",
                                   "-c",
                                   "wal_level=minimal",
                                   "-c",
                                   "max_wal_senders=0",
                                   "-c",
                                   "autovacuum=off",
                                   "-c",
                                   "max_connections=60",
                                   "-c",
                                   "shared_buffers=32MB",
                                   "-c",
                                   "checkpoint_timeout=1h",
                                   "-c",
                                   "max_wal_size=2GB",
                                   "-c",
                                   "jit=off",
                                   "-c",
                                   "logging_collector=off",
                                   "-c",
                                   "log_min_messages=warning",
                                   "-c",
                                   "unix_socket_permissions=0777"};
  SSE_TRY(pid_, Spawn(argv, user, log, true));

  // Wait until it accepts connections (or dies).
  std::string url = Url("postgres");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (true) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      std::string tail;
      if (auto bytes = ReadFileBytes(log); bytes.ok()) tail = bytes.value();
      if (tail.size() > 3000) tail = tail.substr(tail.size() - 3000);
      return Error(ErrorCode::kConnection,
                   fmt::format("the PostgreSQL server exited during start-up; {}:\n{}",
                               log.string(), Trimmed(tail)));
    }
    if (PQping(url.c_str()) == PQPING_OK) break;
    if (std::chrono::steady_clock::now() > deadline) {
      return Error(
          ErrorCode::kTimeout,
          fmt::format("the PostgreSQL server did not accept connections within 60 s (log: {})",
                      log.string()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(15));
  }
  return {};
}

void PgServer::Stop() {
  if (pid_ > 0) {
    ::kill(pid_, SIGINT);  // fast shutdown: disconnects sessions
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    int status = 0;
    bool gone = false;
    while (std::chrono::steady_clock::now() < deadline) {
      pid_t r = ::waitpid(pid_, &status, WNOHANG);
      if (r == pid_ || r < 0) {
        gone = true;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (!gone) {
      ::kill(pid_, SIGQUIT);
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
    }
    pid_ = -1;
  }
  if (!dir_.empty()) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
    dir_.clear();
  }
}

std::string PgServer::Url(const std::string& db) const {
  return fmt::format("postgresql://postgres@/{}?host={}&port={}", db, dir_.string(), port_);
}

Result<std::string> PgServer::CreateDatabase(const std::string& name) {
  std::string db;
  for (char c : name) {
    char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    db += (std::isalnum(static_cast<unsigned char>(l)) || l == '_') ? l : '_';
  }
  if (db.empty() || std::isdigit(static_cast<unsigned char>(db[0]))) db = "t_" + db;
  if (db.size() > 63) db = db.substr(0, 50) + "_" + HexLower(Sha256(db)).substr(0, 12);
  std::lock_guard<std::mutex> lock(mu_);
  std::string admin = Url("postgres");
  SSE_TRY_STATUS(Exec(admin, fmt::format("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", db)));
  SSE_TRY_STATUS(Exec(admin, fmt::format("CREATE DATABASE \"{}\" STRATEGY = FILE_COPY", db)));
  return Url(db);
}

Result<std::string> CreatePgDatabase(const std::string& name) {
  SSE_TRY(PgServer * server, PgServer::Get());
  return server->CreateDatabase(name);
}

Result<std::unique_ptr<PgConnection>> PgConnection::Open(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string why = Trimmed(PQerrorMessage(conn));
    PQfinish(conn);
    return Error(ErrorCode::kConnection, "cannot connect to the test server: " + why);
  }
  // Notices (NOTICE: relation already exists, skipping) are not test output.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  return std::unique_ptr<PgConnection>(new PgConnection(conn));
}

PgConnection::~PgConnection() { PQfinish(static_cast<PGconn*>(conn_)); }

namespace {

/// "ERROR: relation \"x\" does not exist (line 12: CREATE INDEX ...)".
std::string ResultError(PGresult* r, const std::string& sql) {
  std::string msg = Trimmed(PQresultErrorMessage(r));
  if (const char* pos = PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION)) {
    size_t offset = static_cast<size_t>(std::max(1L, std::strtol(pos, nullptr, 10)) - 1);
    // The position counts characters; for the ASCII SQL of migrations that is bytes.
    offset = std::min(offset, sql.size());
    size_t line = 1 + static_cast<size_t>(
                          std::count(sql.begin(), sql.begin() + static_cast<long>(offset), '\n'));
    size_t begin = sql.rfind('\n', offset ? offset - 1 : 0);
    begin = begin == std::string::npos ? 0 : begin + 1;
    size_t end = sql.find('\n', offset);
    std::string text =
        sql.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
    msg += fmt::format(" (line {}: {})", line, Trimmed(text));
  }
  return msg;
}

}  // namespace

Status PgConnection::Exec(const std::string& sql) {
  PGconn* conn = static_cast<PGconn*>(conn_);
  if (!PQsendQuery(conn, sql.c_str()))
    return Error(ErrorCode::kQuery, Trimmed(PQerrorMessage(conn)));
  // A multi-statement query returns one result per statement; the first error stops it.
  std::optional<Error> error;
  while (PGresult* r = PQgetResult(conn)) {
    ExecStatusType st = PQresultStatus(r);
    if (!error && st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) {
      error = Error(ErrorCode::kQuery, ResultError(r, sql));
    }
    PQclear(r);
  }
  if (error) return *error;
  return {};
}

Result<std::vector<std::vector<std::string>>> PgConnection::Query(const std::string& sql) {
  PGconn* conn = static_cast<PGconn*>(conn_);
  PGresult* r = PQexec(conn, sql.c_str());
  if (PQresultStatus(r) != PGRES_TUPLES_OK && PQresultStatus(r) != PGRES_COMMAND_OK) {
    Error e(ErrorCode::kQuery, ResultError(r, sql));
    PQclear(r);
    return e;
  }
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < PQntuples(r); ++i) {
    std::vector<std::string> row;
    for (int j = 0; j < PQnfields(r); ++j)
      row.emplace_back(PQgetvalue(r, i, j), PQgetlength(r, i, j));
    rows.push_back(std::move(row));
  }
  PQclear(r);
  return rows;
}

Status ExecPg(const std::string& url, const std::string& sql) {
  SSE_TRY(std::unique_ptr<PgConnection> conn, PgConnection::Open(url));
  return conn->Exec(sql);
}

std::string PgTestDatabaseName() {
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  if (!info) return "sse_test";
  return fmt::format("{}_{}", info->test_suite_name(), info->name());
}

}  // namespace sse::testing
