#include "analogy_command.h"

#include <cstdio>
#include <iostream>

#include "core/error.h"
#include "core/json.h"
#include "core/parallel.h"
#include "core/vectors_io.h"
#include "eval/analogy.h"

namespace embkit::cli::analogy {

Options parse(const Args& args) {
  Options o;
  AnalogyOptions& a = o.analogy;
  std::string method = analogy_method_name(a.method);
  bool case_sensitive = !a.case_insensitive;
  po::options_description desc("Options");
  add_vectors_option(desc, o.vectors);
  desc.add_options()
      ("questions", po::value(&o.questions)->required(), "analogy file: ': section' headers, then 'a b c d' lines")
      ("method", bound(method), "3cosadd or 3cosmul (Levy & Goldberg 2014)")
      ("restrict", bound(a.restrict), "search only the N most frequent (first) rows; 0 = all")
      ("case-sensitive", po::bool_switch(&case_sensitive),
       "match words exactly (default: case-insensitive, most frequent variant kept)")
      ("json", po::bool_switch(&o.json), "print one JSON object instead of a table");
  add_threads_option(desc, a.threads);
  add_quiet_option(desc, o.quiet);
  po::variables_map vm;
  if (!parse_args("analogy", "--vectors V --questions FILE [options]", desc, args, vm)) return {};
  require_one_of("method", method, {"3cosadd", "3cosmul"});
  require_at_least("restrict", a.restrict, 0);
  resolve_threads(a.threads);
  a.method = parse_analogy_method(method);
  a.case_insensitive = !case_sensitive;
  return o;
}

namespace {

void print_json(const AnalogyResult& r) {
  JsonWriter j(std::cout);
  j.begin_object();
  j.key("method").value(analogy_method_name(r.method));
  j.key("restrict").value(r.restrict);
  j.key("semantic_accuracy").value(r.semantic.accuracy());
  j.key("syntactic_accuracy").value(r.syntactic.accuracy());
  j.key("total_accuracy").value(r.all.accuracy());
  j.key("seen").value(r.all.seen);
  j.key("total").value(r.all.total);
  j.key("sections").begin_array();
  for (const AnalogySectionResult& s : r.sections) {
    j.begin_object();
    j.key("section").value(s.name);
    j.key("syntactic").value(s.syntactic);
    j.key("accuracy").value(s.counts.accuracy());
    j.key("correct").value(s.counts.correct);
    j.key("seen").value(s.counts.seen);
    j.key("total").value(s.counts.total);
    j.end_object();
  }
  j.end_array();
  j.end_object();
  std::cout << "\n";
}

}  // namespace

int run(const Options& o) {
  const auto sections = read_analogy_questions(o.questions);
  ReadVectorsOptions read;
  read.limit = o.analogy.restrict;
  const Embeddings embeddings = read_vectors(o.vectors, read);
  const AnalogyResult r = evaluate_analogies(embeddings, sections, o.analogy);
  // An accuracy over zero questions is not 0%: refuse instead of printing it.
  if (r.all.seen == 0)
    throw InputError(o.questions + ": none of the " + std::to_string(r.all.total) +
                     " questions has all four words in " + o.vectors +
                     " (check --restrict and the vocabulary's case)");
  if (!o.quiet)
    std::cerr << "analogy: " << r.all.seen << " of " << r.all.total << " questions in vocabulary, "
              << "searched in " << r.seconds << " s\n";
  if (o.json) {
    print_json(r);
    return 0;
  }
  auto line = [](const std::string& name, const AnalogyCounts& c) {
    std::printf("%-28s %8.2f%% %7lld/%-6lld %7lld/%-6lld\n", name.c_str(), 100.0 * c.accuracy(),
                static_cast<long long>(c.correct), static_cast<long long>(c.seen),
                static_cast<long long>(c.seen), static_cast<long long>(c.total));
  };
  std::printf("# %s, vocabulary restricted to the first %lld rows\n", analogy_method_name(r.method),
              static_cast<long long>(r.restrict));
  std::printf("%-28s %9s %14s %14s\n", "section", "accuracy", "correct/seen", "seen/total");
  for (const AnalogySectionResult& s : r.sections) line(s.name, s.counts);
  line("semantic", r.semantic);
  line("syntactic", r.syntactic);
  line("total", r.all);
  return 0;
}

EMBKIT_REGISTER_COMMAND("analogy", "Word-analogy accuracy (3CosAdd / 3CosMul), per section",
                        [](const Args& a) {
                          Options o = parse(a);
                          return o.vectors.empty() ? 0 : run(o);
                        });

}  // namespace embkit::cli::analogy
