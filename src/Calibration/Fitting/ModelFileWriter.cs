using System.Globalization;
using System.Text;

namespace XenSwitchSim.Calibration.Fitting;

/// <summary>
/// Writes a calibrated model file from its template (the existing model file: name, platform,
/// defaults and assumptions are kept as written) and the priors file (each mechanism's comment
/// and prior line): fitted mechanisms get value, sd, lower, upper and provenance; the others
/// keep their prior line.
/// </summary>
public static class ModelFileWriter
{
    public sealed record Provenance(string Data, ulong Seed, string Date, string Objective);

    /// <param name="describe">How a fitted entry's provenance names its scope (default: the two environments' wording).</param>
    public static string Write(string templateText, string priorsText, Env env, IReadOnlyList<FittedParameter> fitted,
        Provenance provenance, IEnumerable<(string Fact, string Value, string Evidence)> extraAssumptions, string headerComment,
        Func<FittedParameter, string>? describe = null)
    {
        var template = templateText.Replace("\r\n", "\n").Split('\n');
        var mechIndex = Array.FindIndex(template, l => l.StartsWith("mechanisms:", StringComparison.Ordinal));
        if (mechIndex < 0) throw new FormatException("the template model has no 'mechanisms:' section");
        var sb = new StringBuilder();
        foreach (var line in headerComment.Split('\n')) sb.Append("# ").Append(line).Append('\n');
        var head = template.Take(mechIndex).SkipWhile(l => l.StartsWith('#')).ToList();
        var hasAssumptions = head.Any(l => l.StartsWith("assumptions:", StringComparison.Ordinal));
        foreach (var l in head) sb.Append(l).Append('\n');
        var extra = extraAssumptions.Where(a => !head.Any(l => l.Contains("fact: " + a.Fact, StringComparison.Ordinal))).ToList();
        if (extra.Count > 0)
        {
            if (!hasAssumptions) sb.Append("assumptions:\n");
            foreach (var (fact, value, evidence) in extra)
            {
                sb.Append("  - fact: ").Append(fact).Append('\n');
                sb.Append("    value: ").Append(Quote(value)).Append('\n');
                sb.Append("    evidence: >-\n      ").Append(evidence).Append('\n');
            }
        }
        sb.Append("mechanisms:\n");

        var own = env == Env.Old ? Scope.Old : Scope.New;
        var mine = new Dictionary<string, FittedParameter>();
        foreach (var f in fitted.Where(f => f.Free.Scope == Scope.Shared)) mine[f.Free.Mechanism] = f;
        foreach (var f in fitted.Where(f => f.Free.Scope == Scope.Old)) mine[f.Free.Mechanism] = f;
        if (env == Env.New) foreach (var f in fitted.Where(f => f.Free.Scope == Scope.New)) mine[f.Free.Mechanism] = f;

        var priors = priorsText.Replace("\r\n", "\n").Split('\n');
        var start = Array.FindIndex(priors, l => l.StartsWith("mechanisms:", StringComparison.Ordinal));
        string? comment = null;
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in priors.Skip(start + 1))
        {
            if (line.TrimStart().StartsWith('#')) { comment = line; continue; }
            if (line.Trim().Length == 0) continue;
            var name = line.Trim().Split(':')[0];
            if (comment is not null) sb.Append(comment).Append('\n');
            comment = null;
            if (mine.TryGetValue(name, out var f))
            {
                written.Add(name);
                AppendFitted(sb, name, f, env, provenance, describe);
            }
            else
            {
                sb.Append(line).Append('\n');
            }
        }

        // A fitted mechanism the priors text does not list (it took the catalogue's default) is added at the end.
        foreach (var (name, f) in mine.Where(kv => !written.Contains(kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal))
            AppendFitted(sb, name, f, env, provenance, describe);
        return sb.ToString();
    }

    private static void AppendFitted(StringBuilder sb, string name, FittedParameter f, Env env, Provenance provenance, Func<FittedParameter, string>? describe)
    {
        var inherited = env == Env.New && f.Free.Scope == Scope.Old;
        var what = describe?.Invoke(f) ?? f.Free.Scope switch
        {
            Scope.Shared => "shared by both environments",
            Scope.Old when inherited => "fitted on the old environment, inherited (the new one scales it by its cpu_work_scale)",
            _ => "this environment's own",
        };
        sb.Append("  ").Append(name).Append(": {value: ").Append(N(f.Value))
          .Append(", sd: ").Append(N(f.Sd)).Append(", lower: ").Append(N(f.Lower)).Append(", upper: ").Append(N(f.Upper))
          .Append(", provenance: {data: ").Append(Quote($"{provenance.Data} ({what}; sd and 95% bounds from the objective's curvature, conditional)"))
          .Append(", seed: ").Append(provenance.Seed.ToString(CultureInfo.InvariantCulture))
          .Append(", date: ").Append(provenance.Date)
          .Append(", objective: ").Append(Quote(provenance.Objective)).Append("}}\n");
    }

    private static string N(double v) => v.ToString("G5", CultureInfo.InvariantCulture);

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
