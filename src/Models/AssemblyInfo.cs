namespace XenSwitchSim.Models;
