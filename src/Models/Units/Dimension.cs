namespace XenSwitchSim.Models.Units;

public enum Dimension
{
    /// <summary>A plain number (shape, weight, count, ratio).</summary>
    Dimensionless,
    Duration,
    Frequency,
    Bitrate,
}
