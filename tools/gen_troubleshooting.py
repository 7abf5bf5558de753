# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write the error tables of docs/docsite/rst/guide_troubleshooting.rst from the error catalog.

    python tools/gen_troubleshooting.py          # rewrite the generated part of the guide
    python tools/gen_troubleshooting.py --check  # exit 1 if the guide is stale

The tables come from plugins/plugin_utils/_error_catalog.py, the catalog the modules (through the
generated C# tables) and the win_error filter use, so the guide names exactly the codes the modules
can report. The advice ("what to do") for the codes that matter is kept in ADVICE below; the other
codes get the advice of their family.
"""
from __future__ import annotations

import argparse
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from gen_error_catalog import load_catalog, sync  # noqa: E402  pylint: disable=wrong-import-position

ROOT = pathlib.Path(__file__).resolve().parent.parent
PY_CATALOG = ROOT / "plugins" / "plugin_utils" / "_error_catalog.py"
RST = ROOT / "docs" / "docsite" / "rst" / "guide_troubleshooting.rst"
BEGIN = ".. BEGIN GENERATED (tools/gen_troubleshooting.py)"
END = ".. END GENERATED"

# Keyed by catalog name (checked against the catalog by a unit test, so advice cannot outlive its code).
ADVICE = {
    # Win32
    "ERROR_ACCESS_DENIED": "Run as a member of the local Administrators group. For ``rds_logoff`` on another "
                           "user's session the account needs the Remote Desktop *Reset* permission (*Message* for "
                           "``rds_message``); for the iSCSI modules, local administrator rights.",
    "ERROR_FILE_NOT_FOUND": "With ``iscsi_target_session_stop_ioctl``, the ``device`` does not exist: check the "
                            "``\\\\.\\ScsiN:`` number of the iSCSI Target pass-through.",
    "ERROR_INVALID_FUNCTION": "With ``iscsi_target_session_stop_ioctl``, the driver behind ``device`` does not handle "
                              "the request. Use ``iscsi_target_session_stop`` (CIM).",
    "ERROR_NOT_SUPPORTED": "The operation is not available on this Windows release or configuration; see the "
                           "support matrix in the README.",
    "ERROR_BAD_NETPATH": "The RD Session Host named by ``server`` cannot be found: check the NetBIOS name and DNS.",
    "ERROR_BUSY": "Transient. ``iscsi_initiator_logout`` retries it (``retries``, ``retry_delay``); raise them if "
                  "it persists.",
    "WAIT_TIMEOUT": "Raise ``timeout``; the session was still ending when the wait ran out.",
    "ERROR_TIMEOUT": "Raise ``timeout``; the session was still ending, or (``backend: vds``) the Virtual Disk Service "
                     "was still initializing, when the wait ran out.",
    "ERROR_SERVICE_DOES_NOT_EXIST": "The service the module needs is not installed (Remote Desktop Services, "
                                    "MSiSCSI or the iSCSI Target service); see the support matrix.",
    "ERROR_SERVICE_NOT_ACTIVE": "Start the service: ``Start-Service MSiSCSI`` for the initiator modules, "
                                "``TermService`` for the RDS modules, ``WinTarget`` for the target modules.",
    "ERROR_LOGON_FAILURE": "The credentials used to reach ``server`` are wrong; use an account that can log on to it.",
    "RPC_S_SERVER_UNAVAILABLE": "The RD Session Host named by ``server`` does not answer RPC: check that it is up, "
                                "that the firewall allows Remote Desktop / RPC, and the name.",
    "RPC_S_CALL_FAILED": "The remote host failed the call; retry, then check its System event log.",
    "ERROR_CTX_CLOSE_PENDING": "The session is already closing. Re-run; it is usually gone a moment later.",
    "ERROR_CTX_WINSTATION_NOT_FOUND": "Nothing to do: the session ended before the module acted. It is reported as "
                                      "``already_gone``, not as a failure.",
    "ERROR_CTX_WINSTATION_BUSY": "The session is connecting or disconnecting; re-run in a moment.",
    "ERROR_CTX_WINSTATION_ACCESS_DENIED": "Grant the account the Remote Desktop *Reset* (log off) and *Message* "
                                          "permissions on the RDP-Tcp listener, or run as a local administrator.",
    # COM
    "REGDB_E_CLASSNOTREG": "The Virtual Disk Service is not available on this host: use ``backend: iscsidsc`` "
                           "(the default).",
    "E_NOINTERFACE": "The installed VDS provider does not offer the iSCSI interface: use ``backend: iscsidsc``.",
    # WMI
    "WBEM_E_INVALID_NAMESPACE": "The iSCSI Target Server role is not installed: "
                                "``Install-WindowsFeature FS-iSCSITarget-Server``, or run the target modules on the "
                                "target server.",
    "WBEM_E_INVALID_CLASS": "The iSCSI Target Server role is not installed: "
                            "``Install-WindowsFeature FS-iSCSITarget-Server``.",
    "WBEM_E_ACCESS_DENIED": "Run as a local administrator of the iSCSI Target Server.",
    "WBEM_E_PROVIDER_LOAD_FAILURE": "Restart the iSCSI Target service (``Restart-Service WinTarget``) and the WMI "
                                    "service if it persists.",
    "WBEM_E_NOT_FOUND": "The session or job is gone; re-run to confirm with the ``_info`` module.",
    # VDS
    "VDS_E_NOT_SUPPORTED": "No VDS iSCSI hardware provider handles this target: use ``backend: iscsidsc``.",
    "VDS_E_OBJECT_NOT_FOUND": "VDS does not know the target (no hardware provider exposes it): use "
                              "``backend: iscsidsc``.",
    "VDS_E_OPERATION_PENDING": "Transient; retried automatically (``retries``).",
    "VDS_E_DEVICE_IN_USE": "A disk of the session is in use. Stop what uses it, or set ``busy: offline_disks`` "
                           "(``drain_iscsi_busy`` in the role).",
    "VDS_E_ACCESS_DENIED": "Run as a local administrator.",
    "VDS_E_TIMEOUT": "A VDS logout did not finish within ``timeout`` seconds (counted from the start of the run) and was "
                     "cancelled; its sessions fail unless listing them again shows they ended (``already_gone``). "
                     "Raise ``timeout`` or use ``backend: iscsidsc``.",
    "VDS_E_ISCSI_LOGOUT_FAILED": "Retry with ``backend: iscsidsc``, which reports the per-session error.",
    "VDS_E_ISCSI_SESSION_NOT_FOUND": "Nothing to do: there was no session to the target (``already_gone``).",
    "VDS_E_ISCSI_LOGOUT_INCOMPLETE": "Some sessions to the target stayed. The result names them; re-run with "
                                     "``backend: iscsidsc`` to see each session's own error.",
    "VDS_S_ISCSI_PERSISTENT_LOGIN_MAY_NOT_BE_REMOVED": "Not an error: ``iscsi_initiator_logout`` removes what VDS left "
                                                       "with ``RemoveIScsiPersistentTargetW``; see "
                                                       "``persistent_logins`` in the result.",
    # iSCSI initiator
    "ISDSC_INVALID_SESSION_ID": "If the session is no longer listed it ended before the module acted "
                                "(``already_gone``); if it is still listed, check the id with ``iscsi_session_info``.",
    "ISDSC_SESSION_BUSY": "Transient; retried automatically (``retries``, ``retry_delay``).",
    "ISDSC_DEVICE_BUSY_ON_SESSION": "A disk of the session is in use (a mounted volume, a paging file, a cluster "
                                    "disk). Stop what uses it, or set ``busy: offline_disks`` to take the disks "
                                    "offline first.",
    "ISDSC_SERVICE_NOT_RUNNING": "Start the Microsoft iSCSI Initiator service: ``Start-Service MSiSCSI``.",
    "ISDSC_SERVICE_DID_NOT_RESPOND": "Restart the MSiSCSI service and re-run.",
    "ISDSC_COULD_NOT_REMOVE_PERSISTENT_LOGIN_DATA": "Run as a local administrator; check the result with "
                                                    "``iscsicli ListPersistentTargets``.",
    "ISDSC_NOT_FOUND": "The target or persistent login does not exist on this initiator; check the IQN with "
                       "``iscsi_session_info``.",
    "ISDSC_TARGET_NOT_FOUND": "Check the IQN with ``iscsi_session_info``.",
    "ISDSC_INVALID_ISCSI_NAME": "The IQN is malformed; copy it from ``iscsi_session_info``.",
    "ISDSC_RESTRICTED_BY_GROUP_POLICY": "A group policy forbids the change; ask the owner of the policy.",
    "ISDSC_OPERATION_REQUIRES_REBOOT": "Reboot the host to complete the change.",
    # CIM RequestStateChange
    "NOT_SUPPORTED": "The provider refuses this state change: try ``requested_state: shut_down`` (or "
                     "``disabled``), or log the session out from the initiator with ``iscsi_initiator_logout``.",
    "INVALID_STATE_TRANSITION": "Try the other ``requested_state`` (``disabled`` / ``shut_down``).",
    "TIMEOUT": "Raise ``timeout``.",
    "IN_USE": ("iscsi_target_session_stop calls again within ``timeout``; reported when the session stayed in use "
               "that long. Raise ``timeout``, or log it out from the initiator."),
    "BUSY": ("Transient: iscsi_target_session_stop calls again within ``timeout``; reported when the provider "
             "stayed busy that long. Raise ``timeout`` or re-run."),
    "JOB_STARTED": "Not an error: the module waits for the job within ``timeout``.",
    "TIMEOUT_PARAMETER_NOT_SUPPORTED": "Handled by the module: it calls again without a timeout and warns.",
    # SRB
    "SRB_STATUS_INVALID_REQUEST": "The driver does not accept the request, usually a wrong ``signature``. Use "
                                  "``method: cim``.",
    "SRB_STATUS_BUSY": "Transient; re-run.",
    "SRB_STATUS_NO_DEVICE": "Wrong ``device``; check the ``\\\\.\\ScsiN:`` number.",
    "SRB_STATUS_TIMEOUT": "Raise ``timeout``.",
}

FAMILY_ADVICE = {
    "win32": "Decode it with the ``win_error`` filter and check the System event log of the host.",
    "hresult": "A COM failure on the host; re-run, then check the Application event log.",
    "wbem": "A WMI failure; check that the iSCSI Target Server role is installed and the WMI service is healthy.",
    "vds": "Consider ``backend: iscsidsc``, the supported API; VDS is superseded since Windows Server 2012.",
    "iscsi": "Check the initiator's iScsiPrt events in the System event log and the target's state.",
    "cim": "Compare with ``iscsi_target_session_info`` and try the other ``requested_state``; logging out from the "
           "initiator always works.",
    "srb": "The IOCTL path is unpublished; use ``method: cim``.",
}

SECTIONS = [
    ("Win32 errors", "win32", "Codes from the Windows API (``GetLastError``); the RDS modules meet most of them."),
    ("COM HRESULTs", "hresult", "Generic COM failures, mostly from the VDS backend."),
    ("WMI errors", "wbem", "From the iSCSI Target Server's WMI provider (the target modules)."),
    ("Virtual Disk Service", "vds", "From ``iscsi_initiator_logout`` with ``backend: vds``."),
    ("iSCSI initiator (ISDSC)", "iscsi", "From ``iscsi_initiator_logout`` and ``iscsi_session_info`` (``iscsidsc``)."),
    ("CIM RequestStateChange return codes", "cim",
     "The ``return_value`` of ``iscsi_target_session_stop`` with ``method: cim``; decode with "
     "``win_error('cim')``."),
    ("SRB status", "srb", "``iscsi_target_session_stop_ioctl``; decode with ``win_error('srb')``."),
]


def rst_text(text):
    out = text.replace("\\", "\\\\")
    for ch in "*`|_":
        out = out.replace(ch, "\\" + ch)
    return out


def rows(cat, kind):
    """(hex, decimal, name, message, severity) for every code of one family, in catalog order."""
    if kind == "cim":
        for code, name, msg in cat.CIM_ENTRIES:
            yield "%d" % code, "%d" % code, name, msg, cat.decode(code, "cim")["severity"]
    elif kind == "srb":
        for code, name, msg in cat.SRB_ENTRIES:
            yield "0x%02X" % code, "%d" % code, name, msg, cat.decode(code, "srb")["severity"]
    else:
        for code, name, k, msg in cat.ENTRIES:
            if k == kind:
                yield "0x%08X" % code, "%d" % code, name, msg, cat.decode(code)["severity"]


def advice(name, kind, severity):
    if name in ADVICE:
        return ADVICE[name]
    if severity == "success":
        return "Not an error."
    return FAMILY_ADVICE[kind]


def generated_lines(cat):
    lines = []
    for title, kind, intro in SECTIONS:
        lines += ["", title, "-" * len(title), "", intro, "", ".. list-table::", "   :header-rows: 1",
                  "   :widths: 25 12 30 33", "",
                  "   * - Name", "     - Code", "     - Meaning", "     - What to do"]
        for hex_code, dec_code, name, msg, severity in rows(cat, kind):
            code = "``%s``" % hex_code if hex_code == dec_code else "``%s`` (%s)" % (hex_code, dec_code)
            lines += [
                "   * - ``%s``" % name,
                "     - %s" % code,
                "     - %s" % rst_text(msg),
                "     - %s" % advice(name, kind, severity),
            ]
    return lines


def render(rst, cat):
    start = rst.index(BEGIN)
    end = rst.index(END, start)
    return rst[: start + len(BEGIN)] + "\n" + "\n".join(generated_lines(cat)) + "\n\n" + rst[end:]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the guide is out of date")
    args = parser.parse_args(argv)
    wanted = render(RST.read_text(encoding="utf-8"), load_catalog(PY_CATALOG))
    return sync(RST, wanted, args.check, "gen_troubleshooting.py")


if __name__ == "__main__":
    sys.exit(main())
