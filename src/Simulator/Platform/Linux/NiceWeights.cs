namespace XenSwitchSim.Simulator.Platform.Linux;

/// <summary>sched_prio_to_weight[] (kernel/sched/core.c, identical in 4.19 and 5.9): nice -20..19.</summary>
public static class NiceWeights
{
    public const int Nice0Load = 1024;

    private static readonly int[] Table =
    [
        88761, 71755, 56483, 46273, 36291,
        29154, 23254, 18705, 14949, 11916,
        9548, 7620, 6100, 4904, 3906,
        3121, 2501, 1991, 1586, 1277,
        1024, 820, 655, 526, 423,
        335, 272, 215, 172, 137,
        110, 87, 70, 56, 45,
        36, 29, 23, 18, 15,
    ];

    public static int Of(int nice)
    {
        if (nice is < -20 or > 19) throw new ArgumentOutOfRangeException(nameof(nice), nice, "nice is -20..19");
        return Table[nice + 20];
    }
}
