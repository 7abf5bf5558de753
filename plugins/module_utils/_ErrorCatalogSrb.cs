// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// Error catalog table: SRB_STATUS values of SCSI miniport pass-through requests (srb.h).
// Written by tools/gen_error_catalog.py from plugins/plugin_utils/_error_catalog.py; do not edit.
// Code that can meet these codes calls SrbErrors.Register(): it does not compile without this file, so the
// payload that carries that code carries this table.
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalogSrb
{
    public static class SrbErrors
    {
        static SrbErrors()
        {
            ErrorCatalog.AddTable(
                "s|0|SRB_STATUS_PENDING|The request is in progress.\n" +
                "s|1|SRB_STATUS_SUCCESS|The request completed successfully.\n" +
                "s|2|SRB_STATUS_ABORTED|The request was aborted.\n" +
                "s|3|SRB_STATUS_ABORT_FAILED|The attempt to abort the request failed.\n" +
                "s|4|SRB_STATUS_ERROR|The request completed with an error.\n" +
                "s|5|SRB_STATUS_BUSY|The adapter or target is busy.\n" +
                "s|6|SRB_STATUS_INVALID_REQUEST|The driver does not support the request (for example an unknown signature).\n" +
                "s|7|SRB_STATUS_INVALID_PATH_ID|The path id in the request is not valid.\n" +
                "s|8|SRB_STATUS_NO_DEVICE|The device did not respond.\n" +
                "s|9|SRB_STATUS_TIMEOUT|The request timed out.\n" +
                "s|A|SRB_STATUS_SELECTION_TIMEOUT|The target did not respond to selection.\n" +
                "s|B|SRB_STATUS_COMMAND_TIMEOUT|The command timed out.\n" +
                "s|D|SRB_STATUS_MESSAGE_REJECTED|The target rejected a message.\n" +
                "s|E|SRB_STATUS_BUS_RESET|A bus reset occurred.\n" +
                "s|F|SRB_STATUS_PARITY_ERROR|A parity error occurred.\n" +
                "s|10|SRB_STATUS_REQUEST_SENSE_FAILED|The request-sense command failed.\n" +
                "s|11|SRB_STATUS_NO_HBA|The host bus adapter is not responding.\n" +
                "s|12|SRB_STATUS_DATA_OVERRUN|A data overrun or underrun occurred.\n" +
                "s|13|SRB_STATUS_UNEXPECTED_BUS_FREE|The bus went free unexpectedly.\n" +
                "s|14|SRB_STATUS_PHASE_SEQUENCE_FAILURE|A bus phase sequence failure occurred.\n" +
                "s|15|SRB_STATUS_BAD_SRB_BLOCK_LENGTH|The request block length is not valid.\n" +
                "s|16|SRB_STATUS_REQUEST_FLUSHED|The request was flushed.\n" +
                "s|20|SRB_STATUS_INVALID_LUN|The logical unit number is not valid.\n" +
                "s|21|SRB_STATUS_INVALID_TARGET_ID|The target id is not valid.\n" +
                "s|22|SRB_STATUS_BAD_FUNCTION|The request function is not supported.\n" +
                "s|23|SRB_STATUS_ERROR_RECOVERY|The request completed after error recovery.\n" +
                "s|24|SRB_STATUS_NOT_POWERED|The device is not powered.\n" +
                "s|25|SRB_STATUS_LINK_DOWN|The link to the device is down.\n");
            ErrorCatalog.AddLoaded("_ErrorCatalogSrb");
        }

        /// <summary>Loads the table once, before the first code of the family is decoded.</summary>
        public static void Register()
        {
        }
    }
}
