namespace XenSwitchSim.Hardware;
