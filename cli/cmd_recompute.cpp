// `loyalty recompute POLICY TOTALS.csv [--members M.jsonl] [--tiers]
// [--points] [--rate R] [--out S.jsonl] [--journal J.jsonl]` (spec section
// 7, seed 004): tiers and points from each member's historical total spend.
// The CSV has a header with `id` and `total_spent`, and optionally
// `redeemed` (points already redeemed), in any order; it is read with
// libcsv (quoted fields, a BOM, CRLF). Neither --tiers nor --points: both.
//
// Exit 0: recomputed; 1: a member was refused (an unknown tier, an
// overflow); 2: bad input (the CSV, the members, the rate). Outputs are
// written only when every row recomputed. Limits (docs/robustness.md): a
// field of at most 64 KiB, at most 64 fields a row, at most --max-members
// members.
#include <csv.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>

#include <fmt/format.h>

#include "commands.hpp"
#include "json_lines.hpp"
#include "loyalty/dsl/decimal.hpp"
#include "loyalty/dsl/source.hpp"
#include "loyalty/dsl/unicode.hpp"
#include "loyalty/json.hpp"
#include "loyalty/recompute.hpp"
#include "loyalty/replay.hpp"
#include "policy_io.hpp"

namespace loyalty::cli {

namespace {

struct Options {
  std::string policy, totals, members, out, journal, rate, at;
  bool tiers = false, points = false;
  std::size_t max_members = Replay::default_max_members;
};

constexpr std::size_t max_field_bytes = 64 * 1024;
constexpr std::size_t max_fields = 64;

// libcsv grows a field's buffer through this: past the limit it gets
// nothing and stops with CSV_ENOMEM, so one endless field cannot take all
// memory.
void* bounded_realloc(void* buffer, std::size_t size) {
  return size > max_field_bytes + 1 ? nullptr : std::realloc(buffer, size);
}

// The CSV's rows as strings, with the header's column names; rows are
// numbered as records from 1 (the header).
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  bool first_field = true;
  std::size_t max_rows = 0;
  std::string over_limit;  // what limit a row went past: reading stops there
};

void on_field(void* field, std::size_t size, void* data) {
  auto* t = static_cast<Table*>(data);
  if (!t->over_limit.empty()) return;
  if (t->row.size() == max_fields) {
    t->over_limit = fmt::format("more than {} fields (the limit)", max_fields);
    return;
  }
  std::string text = field ? std::string(static_cast<const char*>(field), size) : std::string();
  if (t->first_field && t->header.empty() && t->rows.empty() && text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  t->first_field = false;
  t->row.push_back(std::move(text));
}

void on_row(int, void* data) {
  auto* t = static_cast<Table*>(data);
  if (!t->over_limit.empty()) return;
  if (!t->header.empty() && t->rows.size() == t->max_rows) {
    t->over_limit = fmt::format("more than {} members (the limit; --max-members changes it)", t->max_rows);
    return;
  }
  const bool blank = t->row.size() == 1 && t->row[0].empty();
  if (!blank) {
    if (t->header.empty()) {
      t->header = std::move(t->row);
    } else {
      t->rows.push_back(std::move(t->row));
    }
  }
  t->row.clear();
}

std::optional<Table> read_csv(const std::string& path, std::size_t max_rows) {
  std::ifstream file;
  std::istream* input = open_input(path, file);
  if (!input) return std::nullopt;
  std::istream& in = *input;
  csv_parser parser;
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0) return std::nullopt;
  csv_set_realloc_func(&parser, bounded_realloc);
  Table table;
  table.max_rows = max_rows;
  char buffer[1 << 16];
  bool ok = true;
  while (ok && in && table.over_limit.empty()) {
    in.read(buffer, sizeof buffer);
    const auto n = static_cast<std::size_t>(in.gcount());
    if (csv_parse(&parser, buffer, n, on_field, on_row, &table) != n) ok = false;
  }
  if (ok && table.over_limit.empty() && csv_fini(&parser, on_field, on_row, &table) != 0) ok = false;
  const std::size_t row = table.rows.size() + (table.header.empty() ? 1 : 2);
  if (!table.over_limit.empty()) {
    std::cerr << fmt::format("{}: row {}: {}\n", path, row, table.over_limit);
    ok = false;
  } else if (!ok && csv_error(&parser) == CSV_ENOMEM) {
    std::cerr << fmt::format("{}: row {}: a field is longer than {} bytes (the limit)\n", path, row, max_field_bytes);
  } else if (!ok) {
    std::cerr << fmt::format("{}: row {}: {} (a quote left open or a stray quote inside a field)\n", path, row,
                             csv_strerror(csv_error(&parser)));
  }
  csv_free(&parser);
  if (!ok) return std::nullopt;
  if (table.header.empty()) {
    std::cerr << path << ": row 1: the file is empty; expected a header `id,total_spent[,redeemed]`\n";
    return std::nullopt;
  }
  return table;
}

std::optional<std::int64_t> amount(const std::string& text, int scale) {
  const auto d = parse_decimal(text);
  return d ? rescale_exact(*d, scale) : std::nullopt;
}

struct Summary {
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> tiers;  // members before, after
  std::int64_t changed = 0;
  Points added, removed;
};

Exit run(const Options& opt) {
  auto policy = load_policy(opt.policy);
  if (!policy) return Exit::bad_input;
  const Policy& p = *policy;
  RecomputeOptions options;
  options.rate = opt.rate;
  const bool chosen = opt.tiers || opt.points || !opt.rate.empty();
  options.tiers = !chosen || opt.tiers;
  options.points = !chosen || opt.points || !opt.rate.empty();
  auto recomputer = Recomputer::make(policy, options);
  if (!recomputer) {
    std::cerr << "--rate: " << recomputer.refusal().message << "\n";
    return Exit::bad_input;
  }

  // The journal's time: --at, else now.
  std::string at = opt.at;
  if (at.empty()) {
    const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    at = to_string(Timestamp{now.time_since_epoch().count(), 0});
  } else if (auto t = parse_timestamp(at); !t) {
    std::cerr << "--at: " << t.refusal().message << "\n";
    return Exit::bad_input;
  }

  std::map<std::string, Member> members;
  // Whether `id` would be one member past --max-members.
  const auto past_limit = [&](const std::string& id) { return members.size() == opt.max_members && !members.count(id); };
  if (!opt.members.empty()) {
    const bool read = each_line(opt.members, nullptr, [&](std::string_view text, std::int64_t number) {
      auto m = parse_member(p, text);
      if (!m) {
        std::cerr << fmt::format("{}:{}: {}: {}\n", opt.members, number, m.refusal().path, m.refusal().message);
        return false;
      }
      const std::string id = m.value().id;
      if (past_limit(id)) {
        std::cerr << fmt::format("{}:{}: $.id: more than {} members (the limit; --max-members changes it)\n", opt.members, number,
                                 opt.max_members);
        return false;
      }
      if (!members.emplace(id, std::move(m).value()).second) {
        std::cerr << fmt::format("{}:{}: $.id: member `{}` is listed twice\n", opt.members, number, id);
        return false;
      }
      return true;
    });
    if (!read) return Exit::bad_input;
  }

  auto table = read_csv(opt.totals, opt.max_members);
  if (!table) return Exit::bad_input;
  int id_col = -1, total_col = -1, redeemed_col = -1;
  for (std::size_t c = 0; c < table->header.size(); ++c) {
    const std::string& name = table->header[c];
    int* column = name == "id" ? &id_col : name == "total_spent" ? &total_col : name == "redeemed" ? &redeemed_col : nullptr;
    if (!column) {
      std::cerr << fmt::format("{}: row 1, column {}: unknown column `{}`; expected id, total_spent and optionally redeemed\n",
                               opt.totals, c + 1, name);
      return Exit::bad_input;
    }
    if (*column >= 0) {
      std::cerr << fmt::format("{}: row 1, column {}: `{}` is given twice\n", opt.totals, c + 1, name);
      return Exit::bad_input;
    }
    *column = static_cast<int>(c);
  }
  if (id_col < 0 || total_col < 0) {
    std::cerr << fmt::format("{}: row 1: the header needs `id` and `total_spent`\n", opt.totals);
    return Exit::bad_input;
  }

  // The journal is written as it goes (to a temporary file, renamed only if
  // every row recomputes): memory does not grow with it.
  std::optional<OutputFile> journal_file;
  if (!opt.journal.empty()) {
    journal_file.emplace(opt.journal);
    if (!journal_file->ok()) return Exit::bad_input;
  }
  std::vector<JournalEntry> journal;
  Summary summary;
  std::map<std::string, bool> seen;
  for (std::size_t r = 0; r < table->rows.size(); ++r) {
    const auto& row = table->rows[r];
    const std::size_t number = r + 2;
    auto bad = [&](int column, const std::string& why) {
      std::cerr << fmt::format("{}: row {}, column {}: {}\n", opt.totals, number, table->header[static_cast<std::size_t>(column)],
                               why);
      return Exit::bad_input;
    };
    if (row.size() != table->header.size()) {
      std::cerr << fmt::format("{}: row {}: {} fields, but the header has {}\n", opt.totals, number, row.size(),
                               table->header.size());
      return Exit::bad_input;
    }
    const std::string& text = row[static_cast<std::size_t>(id_col)];
    if (text.empty()) return bad(id_col, "the member id is empty");
    if (text.size() > max_text_bytes)
      return bad(id_col, fmt::format("the member id is longer than {} bytes (the limit)", max_text_bytes));
    if (const auto at = dsl::invalid_utf8(text))
      return bad(id_col, fmt::format("the member id is not valid UTF-8 (its byte {})", *at + 1));
    const std::string id = dsl::nfc(text);  // as the JSON readers read ids: "Café" in NFD is the member "Café"
    if (!seen.emplace(id, true).second) return bad(id_col, fmt::format("member `{}` is listed twice", id));
    const std::optional<std::int64_t> total = amount(row[static_cast<std::size_t>(total_col)], money_scale(p));
    if (!total || *total < 0) {
      return bad(total_col, fmt::format("expected an amount of money at least zero with at most {} decimals, found `{}`",
                                        money_scale(p), row[static_cast<std::size_t>(total_col)]));
    }
    std::int64_t redeemed = 0;
    if (redeemed_col >= 0 && !row[static_cast<std::size_t>(redeemed_col)].empty()) {
      const auto v = amount(row[static_cast<std::size_t>(redeemed_col)], points_scale(p));
      if (!v || *v < 0) {
        return bad(redeemed_col, fmt::format("expected points at least zero with at most {} decimals, found `{}`",
                                             points_scale(p), row[static_cast<std::size_t>(redeemed_col)]));
      }
      redeemed = *v;
    }
    if (past_limit(id))
      return bad(id_col, fmt::format("more than {} members (the limit; --max-members changes it)", opt.max_members));
    auto [it, fresh] = members.try_emplace(id);
    Member& m = it->second;
    if (fresh) m.id = id;
    const Member before = m;
    if (auto refused = recomputer.value().apply(m, Money(*total), Points(redeemed), opt.journal.empty() ? nullptr : &journal)) {
      std::cerr << fmt::format("{}: row {}: {}\n", opt.totals, number, refused->message);
      return Exit::failed;
    }
    ++summary.tiers[tier_id(p, before)].first;
    ++summary.tiers[tier_id(p, m)].second;
    if (!(before == m)) ++summary.changed;
    if (m.points > before.points) summary.added = Points{summary.added.units + (m.points.units - before.points.units)};
    if (m.points < before.points) summary.removed = Points{summary.removed.units + (before.points.units - m.points.units)};
    if (journal_file) {
      for (JournalEntry& e : journal) {
        e.at = at;
        journal_file->stream() << journal_json(e) << '\n';
      }
      journal.clear();
    }
  }

  OutputFile out(opt.out);
  if (!out.ok()) return Exit::bad_input;
  for (const auto& [id, m] : members) out.stream() << member_json(p, m) << '\n';
  if (!out.commit() || (journal_file && !journal_file->commit())) return Exit::bad_input;

  std::cerr << fmt::format("{} members recomputed, {} changed; points added {}, removed {}\n", table->rows.size(),
                           summary.changed, to_string(p, summary.added), to_string(p, summary.removed));
  std::cerr << fmt::format("{:<16} {:>10} {:>10}\n", "tier", "before", "after");
  for (const auto& [tier, n] : summary.tiers) std::cerr << fmt::format("{:<16} {:>10} {:>10}\n", tier, n.first, n.second);
  return Exit::ok;
}

}  // namespace

void add_recompute(CLI::App& app, Exit& exit) {
  auto opt = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("recompute", "Recompute tiers and points from each member's historical total spend (CSV)");
  cmd->add_option("policy", opt->policy, "policy file (.loy)")->required();
  cmd->add_option("totals", opt->totals, "CSV with a header: id,total_spent[,redeemed]")->required();
  cmd->add_option("--members", opt->members, "the current member states, one JSON object a line");
  cmd->add_flag("--tiers", opt->tiers, "re-tier by the policy's qualifications");
  cmd->add_flag("--points", opt->points, "re-point at each member's (new) tier's rate");
  cmd->add_option("--rate", opt->rate, "re-point at one common rate, as a policy writes it: \"1 point per 20_000\", \"2%\"");
  cmd->add_option("--out", opt->out, "member states, one a line, sorted by id (default: stdout)");
  cmd->add_option("--journal", opt->journal, "the journal of every change, one JSON object a line");
  cmd->add_option("--at", opt->at, "the time the journal records (default: now)");
  cmd->add_option("--max-members", opt->max_members, "the most members a recompute holds (about 1 KB each)")
      ->check(CLI::Range(std::size_t{1}, Replay::hard_max_members));
  cmd->footer(
      "Example: loyalty recompute policies/misa_lomas.loy examples/recompute/misa_totals.csv --rate \"1 point per 20_000\"");
  cmd->callback([opt, &exit] { exit = run(*opt); });
}

}  // namespace loyalty::cli
