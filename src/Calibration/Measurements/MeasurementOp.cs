namespace XenSwitchSim.Calibration.Measurements;

/// <summary>The operation a row of <c>runs.csv</c> times (contracts.md section 2).</summary>
public enum MeasurementOp
{
    Pause,
    Unpause,
    Switch,
}

public static class MeasurementOps
{
    public static readonly IReadOnlyList<MeasurementOp> All = [MeasurementOp.Pause, MeasurementOp.Unpause, MeasurementOp.Switch];

    public static string Name(this MeasurementOp op) => op switch
    {
        MeasurementOp.Pause => "pause",
        MeasurementOp.Unpause => "unpause",
        _ => "switch",
    };

    public static bool TryParse(string text, out MeasurementOp op)
    {
        switch (text)
        {
            case "pause": op = MeasurementOp.Pause; return true;
            case "unpause": op = MeasurementOp.Unpause; return true;
            case "switch": op = MeasurementOp.Switch; return true;
            default: op = default; return false;
        }
    }
}
