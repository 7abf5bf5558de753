// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// Error catalog table: SRB_STATUS values of SCSI miniport pass-through requests (srb.h).
// Written by tools/gen_error_catalog.py from plugins/plugin_utils/_error_catalog.py; do not edit.
// A util that can meet these codes names this file with a using line; ErrorCatalog loads it by name.
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalogSrb
{
    internal static class ErrorTable
    {
        internal static void Load()
        {
            ErrorCatalog.AddSrb(0x00, "SRB_STATUS_PENDING", "The request is in progress.");
            ErrorCatalog.AddSrb(0x01, "SRB_STATUS_SUCCESS", "The request completed successfully.");
            ErrorCatalog.AddSrb(0x02, "SRB_STATUS_ABORTED", "The request was aborted.");
            ErrorCatalog.AddSrb(0x03, "SRB_STATUS_ABORT_FAILED", "The attempt to abort the request failed.");
            ErrorCatalog.AddSrb(0x04, "SRB_STATUS_ERROR", "The request completed with an error.");
            ErrorCatalog.AddSrb(0x05, "SRB_STATUS_BUSY", "The adapter or target is busy.");
            ErrorCatalog.AddSrb(0x06, "SRB_STATUS_INVALID_REQUEST", "The driver does not support the request (for example an unknown signature).");
            ErrorCatalog.AddSrb(0x07, "SRB_STATUS_INVALID_PATH_ID", "The path id in the request is not valid.");
            ErrorCatalog.AddSrb(0x08, "SRB_STATUS_NO_DEVICE", "The device did not respond.");
            ErrorCatalog.AddSrb(0x09, "SRB_STATUS_TIMEOUT", "The request timed out.");
            ErrorCatalog.AddSrb(0x0A, "SRB_STATUS_SELECTION_TIMEOUT", "The target did not respond to selection.");
            ErrorCatalog.AddSrb(0x0B, "SRB_STATUS_COMMAND_TIMEOUT", "The command timed out.");
            ErrorCatalog.AddSrb(0x0D, "SRB_STATUS_MESSAGE_REJECTED", "The target rejected a message.");
            ErrorCatalog.AddSrb(0x0E, "SRB_STATUS_BUS_RESET", "A bus reset occurred.");
            ErrorCatalog.AddSrb(0x0F, "SRB_STATUS_PARITY_ERROR", "A parity error occurred.");
            ErrorCatalog.AddSrb(0x10, "SRB_STATUS_REQUEST_SENSE_FAILED", "The request-sense command failed.");
            ErrorCatalog.AddSrb(0x11, "SRB_STATUS_NO_HBA", "The host bus adapter is not responding.");
            ErrorCatalog.AddSrb(0x12, "SRB_STATUS_DATA_OVERRUN", "A data overrun or underrun occurred.");
            ErrorCatalog.AddSrb(0x13, "SRB_STATUS_UNEXPECTED_BUS_FREE", "The bus went free unexpectedly.");
            ErrorCatalog.AddSrb(0x14, "SRB_STATUS_PHASE_SEQUENCE_FAILURE", "A bus phase sequence failure occurred.");
            ErrorCatalog.AddSrb(0x15, "SRB_STATUS_BAD_SRB_BLOCK_LENGTH", "The request block length is not valid.");
            ErrorCatalog.AddSrb(0x16, "SRB_STATUS_REQUEST_FLUSHED", "The request was flushed.");
            ErrorCatalog.AddSrb(0x20, "SRB_STATUS_INVALID_LUN", "The logical unit number is not valid.");
            ErrorCatalog.AddSrb(0x21, "SRB_STATUS_INVALID_TARGET_ID", "The target id is not valid.");
            ErrorCatalog.AddSrb(0x22, "SRB_STATUS_BAD_FUNCTION", "The request function is not supported.");
            ErrorCatalog.AddSrb(0x23, "SRB_STATUS_ERROR_RECOVERY", "The request completed after error recovery.");
            ErrorCatalog.AddSrb(0x24, "SRB_STATUS_NOT_POWERED", "The device is not powered.");
            ErrorCatalog.AddSrb(0x25, "SRB_STATUS_LINK_DOWN", "The link to the device is down.");
        }
    }
}
