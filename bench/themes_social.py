"""Clause themes on wages, working conditions, inclusion, human rights and service to the public."""

from __future__ import annotations

from wording import Theme

WAGES = Theme(
    "performance",
    {
        "en": "Wages under the sectoral collective agreement",
        "es": "Salarios según el convenio colectivo sectorial",
        "ca": "Salaris segons el conveni col·lectiu sectorial",
    },
    {
        "en": "The contractor {must} maintain, for the whole term of the contract and any "
        "extension, the wages and working conditions set by the applicable sectoral "
        "collective agreement for all staff assigned to the service, including staff "
        "of subcontractors.",
        "es": "La empresa contratista {must} mantener, durante toda la vigencia del contrato "
        "y sus prórrogas, las condiciones salariales y laborales del convenio colectivo "
        "sectorial de aplicación para toda la plantilla adscrita al servicio, incluida "
        "la de las empresas subcontratistas.",
        "ca": "L'empresa contractista {must} mantenir, durant tota la vigència del contracte "
        "i les seves pròrrogues, les condicions salarials i laborals del conveni "
        "col·lectiu sectorial aplicable per a tot el personal adscrit al servei, "
        "inclòs el de les empreses subcontractistes.",
    },
    {
        "en": [
            "No salary reduction may be applied during the first 12 months of the contract.",
            "The contractor shall report any change of applicable agreement within 15 days.",
        ],
        "es": [
            "No se podrá aplicar ninguna reducción salarial durante los primeros 12 meses.",
            "Cualquier cambio de convenio se comunicará en un plazo de 15 días.",
        ],
        "ca": [
            "No es podrà aplicar cap reducció salarial durant els primers 12 mesos.",
            "Qualsevol canvi de conveni es comunicarà en un termini de 15 dies.",
        ],
    },
)


SUBCONTRACTOR_PAYMENT = Theme(
    "performance",
    {
        "en": "Payment of subcontractors and suppliers",
        "es": "Pago a subcontratistas y proveedores",
        "ca": "Pagament a subcontractistes i proveïdors",
    },
    {
        "en": "The contractor {must} pay its subcontractors and suppliers within 30 days of "
        "the date on which the goods or services were delivered, and shall not agree "
        "longer payment terms in any subcontract linked to this contract.",
        "es": "La empresa contratista {must} abonar a subcontratistas y proveedores el precio "
        "pactado en un plazo máximo de 30 días desde la entrega de los bienes o la "
        "prestación del servicio, sin pactar plazos más largos en ningún subcontrato.",
        "ca": "L'empresa contractista {must} pagar a subcontractistes i proveïdors el preu "
        "pactat en un termini màxim de 30 dies des del lliurament dels béns o la "
        "prestació del servei, sense pactar terminis més llargs en cap subcontracte.",
    },
    {
        "en": [
            "A list of subcontractors, with the share of the price paid to each, is "
            "attached to every invoice."
        ],
        "es": [
            "Cada factura irá acompañada de la relación de subcontratistas y de los pagos "
            "realizados a cada uno."
        ],
        "ca": [
            "Cada factura anirà acompanyada de la relació de subcontractistes i dels "
            "pagaments fets a cadascun."
        ],
    },
)


HEALTH_AND_SAFETY = Theme(
    "performance",
    {
        "en": "Occupational health and safety",
        "es": "Seguridad y salud en el trabajo",
        "ca": "Seguretat i salut en el treball",
    },
    {
        "en": "The contractor {must} provide every worker assigned to the contract with at "
        "least 8 hours of occupational health and safety training before starting work, "
        "and keep an up-to-date risk assessment of every workplace.",
        "es": "La empresa contratista {must} impartir a cada persona trabajadora adscrita al "
        "contrato un mínimo de 8 horas de formación en prevención de riesgos laborales "
        "antes de su incorporación y mantener actualizada la evaluación de riesgos.",
        "ca": "L'empresa contractista {must} impartir a cada persona treballadora adscrita "
        "al contracte un mínim de 8 hores de formació en prevenció de riscos laborals "
        "abans de la seva incorporació i mantenir actualitzada l'avaluació de riscos.",
    },
    {
        "en": ["Accidents are reported to the contract manager within 24 hours."],
        "es": ["Los accidentes se comunicarán a la persona responsable del contrato en 24 horas."],
        "ca": ["Els accidents es comunicaran a la persona responsable del contracte en 24 hores."],
    },
)


GENDER_EQUALITY = Theme(
    "performance",
    {
        "en": "Gender equality in the contract team",
        "es": "Igualdad de género en el equipo",
        "ca": "Igualtat de gènere a l'equip",
    },
    {
        "en": "The contractor {must} apply an equality plan to the staff assigned to the "
        "contract, with measures against sexual harassment, equal pay for work of equal "
        "value and a balanced presence of women and men in positions of responsibility.",
        "es": "La empresa contratista {must} aplicar un plan de igualdad a la plantilla "
        "adscrita al contrato, con medidas contra el acoso sexual, igualdad retributiva "
        "por trabajo de igual valor y presencia equilibrada en los puestos de "
        "responsabilidad.",
        "ca": "L'empresa contractista {must} aplicar un pla d'igualtat a la plantilla adscrita "
        "al contracte, amb mesures contra l'assetjament sexual, igualtat retributiva per "
        "treball d'igual valor i presència equilibrada als llocs de responsabilitat.",
    },
    {
        "en": ["At least 40% of the team leads shall be women by the end of the first year."],
        "es": [
            "Al menos el 40% de las personas coordinadoras serán mujeres al final del primer año."
        ],
        "ca": [
            "Com a mínim el 40% de les persones coordinadores seran dones al final del primer any."
        ],
    },
)


INCLUSIVE_HIRING = Theme(
    "performance",
    {
        "en": "Hiring of people at risk of exclusion",
        "es": "Contratación de personas en riesgo de exclusión",
        "ca": "Contractació de persones en risc d'exclusió",
    },
    {
        "en": "The contractor {must} fill at least 10% of the new hires needed to perform the "
        "contract with long-term unemployed people or people at risk of social exclusion "
        "referred by the municipal employment services.",
        "es": "La empresa contratista {must} cubrir al menos el 10% de las nuevas "
        "contrataciones necesarias para ejecutar el contrato con personas desempleadas "
        "de larga duración o en riesgo de exclusión social derivadas por los servicios "
        "municipales de empleo.",
        "ca": "L'empresa contractista {must} cobrir com a mínim el 10% de les noves "
        "contractacions necessàries per executar el contracte amb persones aturades de "
        "llarga durada o en risc d'exclusió social derivades pels serveis municipals "
        "d'ocupació.",
    },
    {
        "en": ["The percentage is calculated on full-time equivalents over each year."],
        "es": ["El porcentaje se calcula sobre jornadas completas equivalentes en cada año."],
        "ca": ["El percentatge es calcula sobre jornades completes equivalents cada any."],
    },
)


HUMAN_RIGHTS = Theme(
    "performance",
    {
        "en": "Human rights in the supply chain",
        "es": "Derechos humanos en la cadena de suministro",
        "ca": "Drets humans a la cadena de subministrament",
    },
    {
        "en": "The contractor {must} ensure that the goods supplied are produced in compliance "
        "with the ILO core conventions throughout the supply chain, and carry out due "
        "diligence on its main suppliers, covering forced labour and child labour.",
        "es": "La empresa contratista {must} garantizar que los bienes suministrados se "
        "producen respetando los convenios fundamentales de la OIT en toda la cadena de "
        "suministro y aplicar diligencia debida a sus principales proveedores.",
        "ca": "L'empresa contractista {must} garantir que els béns subministrats es produeixen "
        "respectant els convenis fonamentals de l'OIT a tota la cadena de "
        "subministrament i aplicar diligència deguda als seus principals proveïdors.",
    },
    {
        "en": ["A supply chain map is delivered within 3 months of signature."],
        "es": ["Se entregará un mapa de la cadena de suministro en 3 meses desde la firma."],
        "ca": [
            "Es lliurarà un mapa de la cadena de subministrament en 3 mesos des de la signatura."
        ],
    },
)


EXCLUSION_FOR_BREACHES = Theme(
    "exclusion",
    {
        "en": "Breaches of environmental, social or labour law",
        "es": "Incumplimientos de la normativa ambiental, social o laboral",
        "ca": "Incompliments de la normativa ambiental, social o laboral",
    },
    {
        "en": "Bidders that have been sanctioned by a final decision for a serious breach of "
        "environmental, social or labour law in the last three years {must} be excluded, "
        "unless they prove self-cleaning measures accepted by the contracting authority.",
        "es": "Las empresas licitadoras sancionadas con carácter firme por infracción grave en "
        "materia ambiental, social o laboral en los últimos tres años {must} ser "
        "excluidas, salvo que acrediten medidas de autocorrección suficientes.",
        "ca": "Les empreses licitadores sancionades amb caràcter ferm per infracció greu en "
        "matèria ambiental, social o laboral en els últims tres anys {must} ser "
        "excloses, llevat que acreditin mesures d'autocorrecció suficients.",
    },
    {
        "en": ["Bidders declare it in the ESPD and the authority checks the official registers."],
        "es": ["Las empresas lo declaran en el DEUC y se comprueban los registros oficiales."],
        "ca": ["Les empreses ho declaren al DEUC i es comproven els registres oficials."],
    },
)


OFFICIAL_LANGUAGES = Theme(
    "other",
    {
        "en": "Service to the public in the official languages",
        "es": "Atención al público en las lenguas oficiales",
        "ca": "Atenció al públic en les llengües oficials",
    },
    {
        "en": "Staff in contact with the public {must} be able to serve citizens in Catalan and "
        "Spanish, and all signs, forms and notices produced for the contract shall be "
        "available in both languages with plain wording.",
        "es": "El personal en contacto con el público {must} poder atender a la ciudadanía en "
        "catalán y castellano, y todos los rótulos, formularios y avisos estarán en "
        "ambas lenguas con un lenguaje claro.",
        "ca": "El personal en contacte amb el públic {must} poder atendre la ciutadania en "
        "català i castellà, i tots els rètols, formularis i avisos estaran en totes dues "
        "llengües amb un llenguatge planer.",
    },
    {
        "en": ["Complaints are answered within 10 working days."],
        "es": ["Las quejas se responderán en un plazo de 10 días hábiles."],
        "ca": ["Les queixes es respondran en un termini de 10 dies hàbils."],
    },
)
