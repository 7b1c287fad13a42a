namespace XenSwitchSim.Models.Parameters;

public enum ParameterKind
{
    /// <summary>One of a fixed set of keywords.</summary>
    Enum,

    /// <summary>An integer in a range (possibly also a keyword such as <c>auto</c>).</summary>
    Int,

    /// <summary>A real number in a range, with a unit (suffixes accepted).</summary>
    Range,
}
