namespace XenSwitchSim.Cli.Tests;
