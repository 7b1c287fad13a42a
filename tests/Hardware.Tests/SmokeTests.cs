namespace XenSwitchSim.Hardware.Tests;
