namespace XenSwitchSim.Calibration;
