namespace XenSwitchSim.Models.Parameters;

/// <summary>The YAML/CLI keywords of an enum, in documentation order.</summary>
public sealed class KeywordSet<T>
    where T : struct, Enum
{
    private readonly (T Value, string Keyword)[] pairs;

    public KeywordSet(params (T Value, string Keyword)[] pairs)
    {
        this.pairs = pairs;
        var missing = Enum.GetValues<T>().Where(v => !pairs.Any(p => p.Value.Equals(v))).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"no keyword for {string.Join(", ", missing)}", nameof(pairs));
        }
    }

    public IReadOnlyList<string> Keywords => [.. pairs.Select(p => p.Keyword)];

    public string Keyword(T value) => pairs.First(p => p.Value.Equals(value)).Keyword;

    /// <summary>Case-insensitive: <c>sched_fifo</c> reads as <c>SCHED_FIFO</c>.</summary>
    public bool TryParse(string text, out T value)
    {
        foreach (var (v, keyword) in pairs)
        {
            if (string.Equals(keyword, text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = v;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>"one of: credit2, null, credit".</summary>
    public string Describe() => "one of: " + string.Join(", ", Keywords);
}
