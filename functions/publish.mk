# Shared by the functions' Makefiles (SAM `BuildMethod: makefile`): NativeAOT-publishes one
# function and leaves exactly its `bootstrap` executable in ARTIFACTS_DIR, which SAM zips.
# NativeAOT compiles for the operating system it runs on: Linux only (see README, Deploying).

ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))..)
RID ?= linux-x64

# $(1): the function's project name.
define publish-bootstrap
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is required: the directory that receives bootstrap" >&2; exit 2; }
	dotnet publish "$(ROOT)/functions/$(1)/$(1).csproj" -c Release -r $(RID) -o "$(ARTIFACTS_DIR)" -nologo
	rm -f "$(ARTIFACTS_DIR)"/*.dbg "$(ARTIFACTS_DIR)"/*.pdb
	test -x "$(ARTIFACTS_DIR)/bootstrap"
endef
