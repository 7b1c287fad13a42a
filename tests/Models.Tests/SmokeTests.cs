namespace XenSwitchSim.Models.Tests;
