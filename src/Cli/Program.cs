using XenSwitchSim.Simulator.Benchmarks;
for (int i = 0; i < 2; i++) {
var a = EventThroughputModel.Run();
Console.WriteLine($"a {a.Events} {a.RunSeconds:F3}s {a.EventsPerSecond/1e6:F2}M/s alloc/ev {a.AllocatedBytesPerEvent}");
var b = SwitchModel.Run();
Console.WriteLine($"b {b.Events} {b.RunSeconds:F3}s {b.SwitchesPerSecond/1e3:F1}k/s alloc/ev {b.AllocatedBytesPerEvent} mean {b.XlMeanMs:F4} p50 {b.XlP50Ms:F4} p99 {b.XlP99Ms:F4} slices {b.HogSlices}");
}
return 0;
