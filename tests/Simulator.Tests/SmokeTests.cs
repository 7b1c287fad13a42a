namespace XenSwitchSim.Simulator.Tests;
