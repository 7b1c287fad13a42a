namespace XenSwitchSim.Simulator;
