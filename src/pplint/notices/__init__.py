"""Published notices (eForms and TED XML, OCDS JSON) read as tenders, with their sources."""
