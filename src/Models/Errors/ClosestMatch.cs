namespace XenSwitchSim.Models.Errors;

/// <summary>"Did you mean" suggestions for misspelt keys.</summary>
public static class ClosestMatch
{
    /// <summary>
    /// The candidate nearest to <paramref name="input"/> by optimal-string-alignment distance
    /// (Levenshtein plus adjacent transpositions, so 'laod' is one edit from 'load'), compared
    /// case-insensitively; null when nothing is close enough to be a plausible typo.
    /// </summary>
    public static string? Find(string input, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var d = Distance(input.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d < bestDistance)
            {
                best = candidate;
                bestDistance = d;
            }
        }

        // A third of the length: 'runz' -> 'runs' is plausible, 'seed' -> 'name' is not.
        var limit = Math.Max(2, input.Length / 3);
        return bestDistance <= limit ? best : null;
    }

    /// <summary>"did you mean 'x'? " or empty.</summary>
    public static string Suggestion(string input, IEnumerable<string> candidates) =>
        Find(input, candidates) is { } match && match != input ? $"did you mean '{match}'? " : "";

    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var best = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    best = Math.Min(best, d[i - 2, j - 2] + 1);
                }

                d[i, j] = best;
            }
        }

        return d[a.Length, b.Length];
    }
}
