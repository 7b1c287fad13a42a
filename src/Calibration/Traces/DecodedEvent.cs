namespace XenSwitchSim.Calibration.Traces;

/// <summary>
/// What a record means. <see cref="Name"/> is a short event name (<c>runstate_change</c>,
/// <c>vcpu_sleep</c>, <c>csched2:schedule</c>, ...); <see cref="Text"/> is the xenalyze-style
/// description (<c>runstate_change d1v0 runnable->offline</c>). Dom/Vcpu/Old/New are set only when
/// the event carries them.
/// </summary>
public readonly record struct DecodedEvent(
    string Name,
    string Text,
    int? Dom = null,
    int? Vcpu = null,
    RunState? Old = null,
    RunState? New = null);
