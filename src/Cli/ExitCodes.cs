namespace XenSwitchSim.Cli;

/// <summary>The contract's exit codes (contracts.md section 3).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int RuntimeFailure = 1;
    public const int BadInput = 2;
}
