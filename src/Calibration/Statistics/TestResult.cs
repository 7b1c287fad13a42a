namespace XenSwitchSim.Calibration.Statistics;

/// <summary>A hypothesis test's statistic and p-value, with the parameter that defines its null distribution.</summary>
public sealed record TestResult(string Test, double Statistic, double P, int DegreesOfFreedom = 0);
