namespace XenSwitchSim.Calibration.Tests;
